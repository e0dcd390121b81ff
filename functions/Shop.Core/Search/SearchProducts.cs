using Shop.Core.Catalog;
using Shop.Core.Common;

namespace Shop.Core.Search;

/// <summary>What a shopper asked <c>GET /search</c> for, as parsed from the query string.</summary>
public sealed record SearchRequest(
    string? Text,
    string? CategoryId,
    long? MinPrice,
    long? MaxPrice,
    double? MinRating,
    bool? InStock,
    string? SellerId,
    string? Sort,
    PageRequest Page);

/// <summary>A category's count in a search: its own products and its subtree's.</summary>
public sealed record CategoryFacet(string Id, string Name, string? ParentId, long Count);

public sealed record SearchPage(
    IReadOnlyList<ProductDocument> Products,
    long Total,
    IReadOnlyList<CategoryFacet> Categories,
    SearchFacets Facets,
    string? NextCursor);

/// <summary>
/// The storefront's search: checks the request, turns a category into its current subtree, asks
/// the index for one hit more than the page (so the last page has no cursor), and rolls the
/// category counts up the tree.
/// </summary>
public sealed class SearchProducts(IProductIndex index, ICategoryStore categories)
{
    public async Task<SearchPage> HandleAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var sort = Check(request);
        var tree = await categories.ReadTreeAsync(cancellationToken);
        var filters = new SearchFilters(Subtree(tree, request.CategoryId), request.MinPrice, request.MaxPrice, request.MinRating, request.InStock, request.SellerId);
        var query = new SearchQuery(request.Text?.Trim(), filters, sort, request.Page.Limit + 1);
        if (request.Page.Cursor is { } cursor)
        {
            query = query with { After = SearchCursor.Decode(query, cursor) };
        }
        var results = await index.SearchAsync(query, cancellationToken);
        var shown = results.Hits.Take(request.Page.Limit).ToList();
        var next = results.Hits.Count > request.Page.Limit ? SearchCursor.Encode(query, shown[^1].Position) : null;
        return new SearchPage(shown.Select(h => h.Product).ToList(), results.Total, RollUp(tree, results.Facets.Categories), results.Facets, next);
    }

    private static SearchSort Check(SearchRequest request)
    {
        var validation = new Validation();
        validation.When(request.Text is { Length: > ProductIndexDefinition.MaxQueryLength }, "q", $"Must be at most {ProductIndexDefinition.MaxQueryLength} characters.");
        validation.When(SearchText.Words(request.Text).Count > ProductIndexDefinition.MaxQueryWords, "q", $"Must be at most {ProductIndexDefinition.MaxQueryWords} words.");
        validation.When(request.MinPrice is < 0, "minPrice", "Must be 0 or more (minor units).");
        validation.When(request.MaxPrice is < 0, "maxPrice", "Must be 0 or more (minor units).");
        validation.When(request.MinPrice > request.MaxPrice, "maxPrice", "Must be at least minPrice.");
        validation.When(request.MinRating is < 0 or > 5, "minRating", "Must be from 0 to 5.");
        var sort = SearchSorts.Parse(request.Sort);
        validation.When(sort is null, "sort", $"Must be one of {string.Join(", ", SearchSorts.Names)}.");
        validation.ThrowIfAny();
        return sort!.Value;
    }

    private static IReadOnlyList<string>? Subtree(CategoryTreeSnapshot tree, string? categoryId)
    {
        if (categoryId is null)
        {
            return null;
        }
        var category = tree.Find(categoryId)
            ?? throw new ValidationException(new Dictionary<string, string[]> { ["category"] = ["No category has this id."] });
        return tree.Descendants(category).Select(c => c.Id).Prepend(category.Id).ToList();
    }

    /// <summary>Each category counts its own products and its descendants'; categories with none are left out.</summary>
    private static IReadOnlyList<CategoryFacet> RollUp(CategoryTreeSnapshot tree, IReadOnlyList<FacetCount> leaves)
    {
        var own = leaves.ToDictionary(f => f.Value, f => f.Count, StringComparer.Ordinal);
        return tree.Categories
            .Select(c => new CategoryFacet(c.Id, c.Name, c.ParentId, tree.Descendants(c).Append(c).Sum(d => own.GetValueOrDefault(d.Id))))
            .Where(f => f.Count > 0)
            .OrderByDescending(f => f.Count)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
    }
}

/// <summary>The <c>sort</c> values of <c>GET /search</c>.</summary>
public static class SearchSorts
{
    private static readonly Dictionary<string, SearchSort> ByName = new(StringComparer.Ordinal)
    {
        ["relevance"] = SearchSort.Relevance,
        [ProductSorts.PriceAscending] = SearchSort.PriceAscending,
        [ProductSorts.PriceDescending] = SearchSort.PriceDescending,
        ["rating"] = SearchSort.Rating,
        [ProductSorts.Newest] = SearchSort.Newest,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>The order named (the catalog listings' names, plus relevance and rating), relevance when none is; null for an unknown name.</summary>
    public static SearchSort? Parse(string? name) =>
        string.IsNullOrEmpty(name) ? SearchSort.Relevance : ByName.TryGetValue(name, out var sort) ? sort : null;
}
