using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// What sorting, facets and filters read for every match, copied once per segment into plain
/// arrays. Lucene.NET reads doc values through memory-mapped buffers at about a hundred
/// nanoseconds a value, which over a million matches is most of a search; an array read is a
/// nanosecond. Segments never change, so a segment's columns live as long as its core does (the
/// table holds them weakly by it) and are loaded when a refresh or a merge makes the segment,
/// before any search needs them (<see cref="Warm"/>). Deletions are not in them: a segment's live
/// documents change without its core changing, so searches check those as Lucene hands them over.
/// </summary>
internal sealed class SegmentColumns
{
    private static readonly ConditionalWeakTable<object, SegmentColumns> BySegment = [];
    private static readonly long[] PriceBounds = [.. ProductIndexDefinition.PriceBucketBounds];
    private static readonly double[] RatingFloorValues = [.. ProductIndexDefinition.RatingFloors.Select(f => (double)f)];

    private SegmentColumns(AtomicReader reader)
    {
        var size = reader.MaxDoc;
        MaxDoc = size;
        MinPrice = Longs(reader, ProductFields.MinPrice, size);
        CreatedAt = Longs(reader, ProductFields.CreatedAt, size);
        RatingCount = Longs(reader, ProductFields.RatingCount, size);
        Rating = Ratings(reader, size);
        Id = Ordinals(reader, ProductFields.Id, size);
        Category = Ordinals(reader, ProductFields.CategoryId, size);
        CategoryValues = Values(reader, ProductFields.CategoryId);
        Brand = Ordinals(reader, ProductFields.BrandKeyword, size);
        BrandValues = Values(reader, ProductFields.BrandKeyword);
        Seller = Ordinals(reader, ProductFields.SellerId, size);
        InStock = Flags(reader, ProductFields.InStock, ProductFields.True, size);
        PriceBucket = new byte[size];
        RatingFloors = new byte[size];
        for (var doc = 0; doc < size; doc++)
        {
            var bucket = 0;
            while (bucket < PriceBounds.Length && MinPrice[doc] >= PriceBounds[bucket])
            {
                bucket++;
            }
            PriceBucket[doc] = (byte)bucket;
            var floors = 0;
            for (var i = 0; i < RatingFloorValues.Length; i++)
            {
                floors |= Rating[doc] >= RatingFloorValues[i] ? 1 << i : 0;
            }
            RatingFloors[doc] = (byte)floors;
        }
    }

    public int MaxDoc { get; }

    public long[] MinPrice { get; }
    public long[] CreatedAt { get; }
    public long[] RatingCount { get; }

    /// <summary>The average rating; negative infinity when unrated, so it sorts last and passes no floor.</summary>
    public double[] Rating { get; }

    /// <summary>Ordinals in the segment's sorted doc values of the field; -1 when a document has none.</summary>
    public int[] Id { get; }
    public int[] Category { get; }
    public int[] Brand { get; }
    public int[] Seller { get; }

    /// <summary>The values the ordinals of <see cref="Category"/> and <see cref="Brand"/> stand for, by ordinal.</summary>
    public string[] CategoryValues { get; }
    public string[] BrandValues { get; }

    public bool[] InStock { get; }

    /// <summary>The index in <see cref="ProductIndexDefinition.PriceBucketBounds"/> of the bucket the lowest price falls in (past the last bound: the open bucket).</summary>
    public byte[] PriceBucket { get; }

    /// <summary>Which of <see cref="ProductIndexDefinition.RatingFloors"/> the rating reaches, as bits by their index.</summary>
    public byte[] RatingFloors { get; }

    public static SegmentColumns Of(AtomicReader reader) => BySegment.GetValue(reader.CoreCacheKey, _ => new SegmentColumns(reader));

    /// <summary>Loads the columns of segments not seen yet.</summary>
    public static void Warm(IndexReader reader)
    {
        foreach (var segment in reader.Leaves)
        {
            Of(segment.AtomicReader);
        }
    }

    private static long[] Longs(AtomicReader reader, string field, int size)
    {
        var values = new long[size];
        if (reader.GetNumericDocValues(field) is { } stored)
        {
            for (var doc = 0; doc < size; doc++)
            {
                values[doc] = stored.Get(doc);
            }
        }
        return values;
    }

    private static double[] Ratings(AtomicReader reader, int size)
    {
        var values = new double[size];
        Array.Fill(values, double.NegativeInfinity);
        if (reader.GetNumericDocValues(ProductFields.Rating) is { } stored && reader.GetDocsWithField(ProductFields.Rating) is { } rated)
        {
            for (var doc = 0; doc < size; doc++)
            {
                if (rated.Get(doc))
                {
                    values[doc] = BitConverter.Int64BitsToDouble(stored.Get(doc));
                }
            }
        }
        return values;
    }

    private static int[] Ordinals(AtomicReader reader, string field, int size)
    {
        var values = new int[size];
        if (reader.GetSortedDocValues(field) is { } stored)
        {
            for (var doc = 0; doc < size; doc++)
            {
                values[doc] = stored.GetOrd(doc);
            }
        }
        else
        {
            Array.Fill(values, -1);
        }
        return values;
    }

    private static string[] Values(AtomicReader reader, string field)
    {
        if (reader.GetSortedDocValues(field) is not { } stored)
        {
            return [];
        }
        var values = new string[stored.ValueCount];
        var value = new BytesRef();
        for (var ordinal = 0; ordinal < values.Length; ordinal++)
        {
            stored.LookupOrd(ordinal, value);
            values[ordinal] = value.Utf8ToString();
        }
        return values;
    }

    /// <summary>Which documents hold the term: read once from its postings, deleted documents included.</summary>
    private static bool[] Flags(AtomicReader reader, string field, string term, int size)
    {
        var flags = new bool[size];
        if (reader.GetTerms(field)?.GetEnumerator() is { } terms && terms.SeekExact(new BytesRef(term)))
        {
            var docs = terms.Docs(null, null, DocsFlags.NONE);
            for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
            {
                flags[doc] = true;
            }
        }
        return flags;
    }
}

/// <summary>Loads a new searcher's segment columns during the refresh, so no search waits for them.</summary>
internal sealed class WarmingSearcherFactory : SearcherFactory
{
    public override IndexSearcher NewSearcher(IndexReader reader)
    {
        SegmentColumns.Warm(reader);
        return base.NewSearcher(reader);
    }
}

/// <summary>Loads a merged segment's columns in the merge thread, before searchers see the segment.</summary>
internal sealed class WarmingMergedSegments : IndexWriter.IndexReaderWarmer
{
    public override void Warm(AtomicReader reader) => SegmentColumns.Of(reader);
}
