using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Shop.Local.Search;

/// <summary>
/// Sorts on a <see cref="SegmentColumns"/> column. Lucene's own comparers read doc values for
/// every candidate; these read the arrays. Values come out as Lucene's (J2N's boxed numbers, UTF-8
/// bytes for keywords), so positions look the same whichever comparer made them.
/// </summary>
internal static class ColumnSorts
{
    public static SortField Int64(string field, Func<SegmentColumns, long[]> column, bool descending) =>
        new(field, new Int64Source(column), descending);

    public static SortField Double(string field, Func<SegmentColumns, double[]> column, bool descending) =>
        new(field, new DoubleSource(column), descending);

    /// <summary>
    /// Ascending by a keyword, as Lucene's string sort orders it (ordinals within a segment, UTF-8
    /// bytes across segments), with the ordinals read from a column rather than from doc values.
    /// </summary>
    public static SortField Keyword(string field, Func<SegmentColumns, int[]> ordinals) =>
        new(field, new KeywordSource(ordinals));

    private sealed class Int64Source(Func<SegmentColumns, long[]> column) : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new Comparer(numHits, column);

        private sealed class Comparer(int numHits, Func<SegmentColumns, long[]> column) : FieldComparer<J2N.Numerics.Int64>
        {
            private readonly long[] _slots = new long[numHits];
            private long[] _segment = [];
            private long _bottom;
            private long _top;

            public override J2N.Numerics.Int64 this[int slot] => J2N.Numerics.Int64.GetInstance(_slots[slot]);

            public override int Compare(int slot1, int slot2) => _slots[slot1].CompareTo(_slots[slot2]);

            public override void SetBottom(int slot) => _bottom = _slots[slot];

            public override void SetTopValue(J2N.Numerics.Int64 value) => _top = value.ToInt64();

            public override int CompareBottom(int doc) => _bottom.CompareTo(_segment[doc]);

            public override int CompareTop(int doc) => _top.CompareTo(_segment[doc]);

            public override void Copy(int slot, int doc) => _slots[slot] = _segment[doc];

            public override FieldComparer SetNextReader(AtomicReaderContext context)
            {
                _segment = column(SegmentColumns.Of(context.AtomicReader));
                return this;
            }
        }
    }

    private sealed class DoubleSource(Func<SegmentColumns, double[]> column) : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new Comparer(numHits, column);

        private sealed class Comparer(int numHits, Func<SegmentColumns, double[]> column) : FieldComparer<J2N.Numerics.Double>
        {
            private readonly double[] _slots = new double[numHits];
            private double[] _segment = [];
            private double _bottom;
            private double _top;

            public override J2N.Numerics.Double this[int slot] => J2N.Numerics.Double.GetInstance(_slots[slot]);

            public override int Compare(int slot1, int slot2) => _slots[slot1].CompareTo(_slots[slot2]);

            public override void SetBottom(int slot) => _bottom = _slots[slot];

            public override void SetTopValue(J2N.Numerics.Double value) => _top = value.ToDouble();

            public override int CompareBottom(int doc) => _bottom.CompareTo(_segment[doc]);

            public override int CompareTop(int doc) => _top.CompareTo(_segment[doc]);

            public override void Copy(int slot, int doc) => _slots[slot] = _segment[doc];

            public override FieldComparer SetNextReader(AtomicReaderContext context)
            {
                _segment = column(SegmentColumns.Of(context.AtomicReader));
                return this;
            }
        }
    }

    private sealed class KeywordSource(Func<SegmentColumns, int[]> ordinals) : FieldComparerSource
    {
        public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) => new Comparer(numHits, fieldname, ordinals);

        private sealed class Comparer(int numHits, string field, Func<SegmentColumns, int[]> ordinals) : FieldComparer.TermOrdValComparer(numHits, field)
        {
            protected override SortedDocValues GetSortedDocValues(AtomicReaderContext context, string field) =>
                new ColumnOrdinals(ordinals(SegmentColumns.Of(context.AtomicReader)), context.AtomicReader.GetSortedDocValues(field) ?? DocValues.EMPTY_SORTED);
        }

        /// <summary>The segment's sorted doc values, with each document's ordinal from the column.</summary>
        private sealed class ColumnOrdinals(int[] ordinals, SortedDocValues values) : SortedDocValues
        {
            public override int ValueCount => values.ValueCount;

            public override int GetOrd(int docID) => ordinals[docID];

            public override void LookupOrd(int ord, BytesRef result) => values.LookupOrd(ord, result);

            public override int LookupTerm(BytesRef key) => values.LookupTerm(key);
        }
    }
}
