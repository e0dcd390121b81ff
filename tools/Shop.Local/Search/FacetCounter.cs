using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// Counts every match of a search, not just the page, from the segments' columns: categories and
/// brands by ordinal within a segment (named once per segment, not per hit), price buckets over
/// the lowest price, and the cumulative rating floors.
/// </summary>
internal sealed class FacetCounter : ICollector
{
    private static readonly long[] PriceBounds = [.. ProductIndexDefinition.PriceBucketBounds];
    private static readonly double[] RatingFloors = [.. ProductIndexDefinition.RatingFloors.Select(f => (double)f)];

    private readonly OrdinalCounts _categories = new(ProductFields.CategoryId);
    private readonly OrdinalCounts _brands = new(ProductFields.BrandKeyword);
    private readonly long[] _prices = new long[PriceBounds.Length + 1];
    private readonly long[] _ratings = new long[RatingFloors.Length];
    private SegmentColumns? _segment;

    /// <summary>How many products matched: exactly, since every match passes through here.</summary>
    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
        // Counting needs no scores.
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        var reader = context.AtomicReader;
        _segment = SegmentColumns.Of(reader);
        _categories.NextSegment(reader, _segment.Category);
        _brands.NextSegment(reader, _segment.Brand);
    }

    public void Collect(int doc)
    {
        Total++;
        _categories.Count(doc);
        _brands.Count(doc);
        _prices[_segment!.PriceBucket[doc]]++;
        var rating = _segment.Rating[doc];
        for (var i = 0; i < RatingFloors.Length; i++)
        {
            if (rating >= RatingFloors[i])
            {
                _ratings[i]++;
            }
        }
    }

    public SearchFacets Facets()
    {
        var prices = _prices
            .Select((count, i) => new FacetCount(i == 0 ? "0" : Label(PriceBounds[i - 1]), count))
            .Where(f => f.Count > 0)
            .ToList();
        var ratings = _ratings
            .Select((count, i) => new FacetCount(Label(ProductIndexDefinition.RatingFloors[i]), count))
            .Where(f => f.Count > 0)
            .ToList();
        return new SearchFacets(_categories.Top(int.MaxValue), _brands.Top(ProductIndexDefinition.MaxBrandFacets), prices, ratings);
    }

    private static string Label(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One keyword's counts: by ordinal within a segment, by value across segments.</summary>
    private sealed class OrdinalCounts(string field)
    {
        private readonly Dictionary<string, long> _byValue = new(StringComparer.Ordinal);
        private AtomicReader? _reader;
        private int[] _ordinals = [];
        private int[] _byOrdinal = [];

        public void NextSegment(AtomicReader reader, int[] ordinals)
        {
            Flush();
            _reader = reader;
            _ordinals = ordinals;
            var size = reader.GetSortedDocValues(field)?.ValueCount ?? 0;
            _byOrdinal = _byOrdinal.Length >= size ? _byOrdinal : new int[size];
        }

        public void Count(int doc)
        {
            if (_ordinals[doc] is >= 0 and var ordinal)
            {
                _byOrdinal[ordinal]++;
            }
        }

        public IReadOnlyList<FacetCount> Top(int limit)
        {
            Flush();
            return _byValue
                .OrderByDescending(v => v.Value)
                .ThenBy(v => v.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(v => new FacetCount(v.Key, v.Value))
                .ToList();
        }

        /// <summary>Names the finished segment's counted ordinals and adds them to the totals.</summary>
        private void Flush()
        {
            if (_reader?.GetSortedDocValues(field) is not { } values)
            {
                return;
            }
            var value = new BytesRef();
            for (var ordinal = 0; ordinal < values.ValueCount; ordinal++)
            {
                if (_byOrdinal[ordinal] == 0)
                {
                    continue;
                }
                values.LookupOrd(ordinal, value);
                var key = value.Utf8ToString();
                _byValue[key] = _byValue.GetValueOrDefault(key) + _byOrdinal[ordinal];
                _byOrdinal[ordinal] = 0;
            }
            _reader = null;
        }
    }
}
