namespace Shop.Core.Search;

public enum SearchSort
{
    /// <summary>Best match first (newest first when there is no text).</summary>
    Relevance,
    PriceAscending,
    PriceDescending,

    /// <summary>Highest average rating first; unrated products last.</summary>
    Rating,
    Newest,
}

/// <summary>
/// Filters a search applies before counting facets. <see cref="CategoryIds"/> is a category's
/// whole subtree, resolved from the current tree by the use case, so a moved category needs no
/// reindex. Prices are minor units, inclusive.
/// </summary>
public sealed record SearchFilters(
    IReadOnlyList<string>? CategoryIds = null,
    long? MinPrice = null,
    long? MaxPrice = null,
    double? MinRating = null,
    bool? InStock = null,
    string? SellerId = null)
{
    public static readonly SearchFilters None = new();
}

/// <summary>
/// Where the previous page ended: the last hit's sort values and id, exactly as the engine
/// reported them. Engines continue strictly after it (OpenSearch's search_after; Lucene's
/// searchAfter), so pages neither repeat nor skip while the index is unchanged.
/// </summary>
public sealed record SearchPosition(IReadOnlyList<string> SortValues);

/// <summary>One search: the words (null or blank: everything), the filters, the order and the page.</summary>
public sealed record SearchQuery(string? Text, SearchFilters Filters, SearchSort Sort, int Limit, SearchPosition? After = null);

public sealed record SearchHit(ProductDocument Product, SearchPosition Position);

/// <summary>A facet's value and how many matching products have it.</summary>
public sealed record FacetCount(string Value, long Count);

/// <summary>
/// Counts over every product matching the query and filters. Categories count by each product's
/// own category (the use case rolls them up the tree); price buckets are named by their lower
/// bound in minor units ("0", "1000", ...); ratings by their floor ("4" = 4 stars and up).
/// </summary>
public sealed record SearchFacets(
    IReadOnlyList<FacetCount> Categories,
    IReadOnlyList<FacetCount> Brands,
    IReadOnlyList<FacetCount> PriceBuckets,
    IReadOnlyList<FacetCount> Ratings)
{
    public static readonly SearchFacets Empty = new([], [], [], []);
}

/// <param name="Total">How many products match (exact up to at least 10,000).</param>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, long Total, SearchFacets Facets);

/// <summary>A completion of the typed prefix: a product's name (or brand) and the product it came from.</summary>
public sealed record Suggestion(string Text, string ProductId);
