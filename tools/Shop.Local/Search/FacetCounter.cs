using System.Globalization;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// Counts every match of a search, not just the page, from the segments' columns: categories and
/// brands by ordinal within a segment (named once per segment, not per hit), price buckets over
/// the lowest price, and the rating floors each rating reaches. A match costs four array
/// increments and no branch.
/// </summary>
internal sealed class FacetCounter : ICollector
{
    private static readonly ConditionalWeakTable<IndexReader, Counted> ByReader = [];

    // By a segment's live documents (its core when it has no deletions): a refresh hands a segment
    // over with the same live documents until one of them is deleted, and then with new ones.
    private static readonly ConditionalWeakTable<object, FacetCounter> BySegment = [];

    private readonly Dictionary<string, long> _categories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _brands = new(StringComparer.Ordinal);
    private readonly long[] _prices = new long[ProductIndexDefinition.PriceBucketBounds.Count + 1];
    private readonly long[] _ratingFloors = new long[1 << ProductIndexDefinition.RatingFloors.Count];

    // The current segment's columns, and its counts by ordinal + 1 (index 0: no value).
    private SegmentColumns? _segment;
    private int[] _category = [];
    private int[] _brand = [];
    private byte[] _priceBucket = [];
    private byte[] _floors = [];
    private int[] _byCategory = [];
    private int[] _byBrand = [];

    /// <summary>How many products matched: exactly, since every match passes through here.</summary>
    public long Total { get; private set; }

    public bool AcceptsDocsOutOfOrder => true;

    /// <summary>
    /// The total and facets of a search for everything: what the reader holds, counted on the
    /// first such search and kept as long as the reader is current. A refresh that changes
    /// nothing keeps the reader; one that does gives a new one, whose count adds up the segments'
    /// counts: only a segment that is new, or has lost documents since, is counted again.
    /// </summary>
    public static (long Total, SearchFacets Facets) Everything(IndexReader reader)
    {
        var everything = ByReader.GetValue(reader, CountEverything);
        return (everything.Total, everything.Facets);
    }

    public void SetScorer(Scorer scorer)
    {
        // Counting needs no scores.
    }

    public void SetNextReader(AtomicReaderContext context) => Begin(context.AtomicReader);

    public void Collect(int doc)
    {
        Total++;
        _byCategory[_category[doc] + 1]++;
        _byBrand[_brand[doc] + 1]++;
        _prices[_priceBucket[doc]]++;
        _ratingFloors[_floors[doc]]++;
    }

    public SearchFacets Facets()
    {
        Flush();
        var prices = _prices
            .Select((count, i) => new FacetCount(i == 0 ? "0" : Label(ProductIndexDefinition.PriceBucketBounds[i - 1]), count))
            .Where(f => f.Count > 0)
            .ToList();
        var ratings = ProductIndexDefinition.RatingFloors
            .Select((floor, i) => new FacetCount(Label(floor), _ratingFloors.Where((_, floors) => (floors & 1 << i) != 0).Sum()))
            .Where(f => f.Count > 0)
            .ToList();
        return new SearchFacets(Top(_categories, int.MaxValue), Top(_brands, ProductIndexDefinition.MaxBrandFacets), prices, ratings);
    }

    private static Counted CountEverything(IndexReader reader)
    {
        var counter = new FacetCounter();
        foreach (var leaf in reader.Leaves)
        {
            var segment = leaf.AtomicReader;
            counter.Add(BySegment.GetValue((object?)segment.LiveDocs ?? segment.CoreCacheKey, _ => CountSegment(segment)));
        }
        return new Counted(counter.Total, counter.Facets());
    }

    /// <summary>Every live document of the segment, counted and named; read-only from then on.</summary>
    private static FacetCounter CountSegment(AtomicReader reader)
    {
        var counter = new FacetCounter();
        counter.Begin(reader);
        var live = reader.LiveDocs;
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (live is null || live.Get(doc))
            {
                counter.Collect(doc);
            }
        }
        counter.Flush();
        return counter;
    }

    /// <summary>Adds another counter's finished counts to this one's.</summary>
    private void Add(FacetCounter other)
    {
        Total += other.Total;
        foreach (var (value, count) in other._categories)
        {
            _categories[value] = _categories.GetValueOrDefault(value) + count;
        }
        foreach (var (value, count) in other._brands)
        {
            _brands[value] = _brands.GetValueOrDefault(value) + count;
        }
        for (var i = 0; i < _prices.Length; i++)
        {
            _prices[i] += other._prices[i];
        }
        for (var i = 0; i < _ratingFloors.Length; i++)
        {
            _ratingFloors[i] += other._ratingFloors[i];
        }
    }

    /// <summary>Counts into the segment's ordinals from here on.</summary>
    private void Begin(AtomicReader reader)
    {
        Flush();
        var segment = SegmentColumns.Of(reader);
        _segment = segment;
        _category = segment.Category;
        _brand = segment.Brand;
        _priceBucket = segment.PriceBucket;
        _floors = segment.RatingFloors;
        _byCategory = Zeroed(_byCategory, segment.CategoryValues.Length + 1);
        _byBrand = Zeroed(_byBrand, segment.BrandValues.Length + 1);
    }

    /// <summary>Names the finished segment's counted ordinals and adds them to the totals.</summary>
    private void Flush()
    {
        if (_segment is not { } segment)
        {
            return;
        }
        Add(_categories, _byCategory, segment.CategoryValues);
        Add(_brands, _byBrand, segment.BrandValues);
        _segment = null;
    }

    private static void Add(Dictionary<string, long> totals, int[] byOrdinal, string[] values)
    {
        for (var ordinal = 0; ordinal < values.Length; ordinal++)
        {
            if (byOrdinal[ordinal + 1] > 0)
            {
                totals[values[ordinal]] = totals.GetValueOrDefault(values[ordinal]) + byOrdinal[ordinal + 1];
            }
        }
    }

    private static IReadOnlyList<FacetCount> Top(Dictionary<string, long> totals, int limit) => totals
        .OrderByDescending(v => v.Value)
        .ThenBy(v => v.Key, StringComparer.Ordinal)
        .Take(limit)
        .Select(v => new FacetCount(v.Key, v.Value))
        .ToList();

    private static int[] Zeroed(int[] counts, int size)
    {
        if (counts.Length < size)
        {
            return new int[size];
        }
        Array.Clear(counts, 0, size);
        return counts;
    }

    private static string Label(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record Counted(long Total, SearchFacets Facets);
}
