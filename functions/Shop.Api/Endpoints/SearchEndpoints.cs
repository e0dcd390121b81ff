using System.Globalization;
using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Catalog;
using Shop.Core.Search;

namespace Shop.Api.Endpoints;

public sealed record SearchHitResponse(
    string Id,
    string Name,
    string Brand,
    string CategoryId,
    MoneyResponse MinPrice,
    MoneyResponse MaxPrice,
    RatingResponse Rating,
    bool InStock,
    string SellerId,
    string? ImageUrl,
    DateTimeOffset CreatedAt);

public sealed record CategoryFacetResponse(string Id, string Name, string? ParentId, long Count);

public sealed record FacetResponse(string Value, long Count);

public sealed record SearchFacetsResponse(
    IReadOnlyList<CategoryFacetResponse> Categories,
    IReadOnlyList<FacetResponse> Brands,
    IReadOnlyList<FacetResponse> Price,
    IReadOnlyList<FacetResponse> Rating);

public sealed record SearchResponse(IReadOnlyList<SearchHitResponse> Items, long Total, SearchFacetsResponse Facets, string? NextCursor);

public sealed record SuggestionResponse(string Text, string ProductId);

public sealed record SuggestResponse(IReadOnlyList<SuggestionResponse> Suggestions);

/// <summary>Full-text search with filters, facets and cursor paging, and prefix autocomplete.</summary>
public static class SearchEndpoints
{
    public static void MapSearchEndpoints(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/search").RequireAccess(Access.Public).WithTags("Search");

        search.MapGet("", async Task<IResult> (HttpRequest request, SearchProducts searchProducts, IImageStore images, CancellationToken cancellationToken) =>
        {
            var (query, problem) = Read(request);
            return problem ?? TypedResults.Ok(ToResponse(await searchProducts.HandleAsync(query!, cancellationToken), images));
        })
        .WithName("SearchProducts")
        .WithSummary("Listed products matching q (typos tolerated) within category (its whole subtree), minPrice/maxPrice (minor units), "
            + "minRating, inStock=true and seller; sort=relevance (default), price_asc, price_desc, rating or newest; "
            + "facets count every match; limit (≤ 100) and cursor page.")
        .Produces<SearchResponse>()
        .ProducesValidationProblem();

        search.MapGet("/suggest", async (HttpRequest request, SuggestProducts suggest, CancellationToken cancellationToken) =>
        {
            var found = await suggest.HandleAsync(request.Query["q"].ToString(), cancellationToken);
            return TypedResults.Ok(new SuggestResponse(found.Select(s => new SuggestionResponse(s.Text, s.ProductId)).ToList()));
        })
        .WithName("SuggestProducts")
        .WithSummary("Completions of the words typed so far in q: up to 10 product names, best first.")
        .Produces<SuggestResponse>()
        .ProducesValidationProblem();
    }

    /// <summary>The query string as a search request, or the problem naming every malformed parameter.</summary>
    private static (SearchRequest? Request, IResult? Problem) Read(HttpRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var minPrice = Number(request, "minPrice", errors);
        var maxPrice = Number(request, "maxPrice", errors);
        var minRating = Decimal(request, "minRating", errors);
        var inStock = Flag(request, "inStock", errors);
        var (page, pagingProblem) = Paging.Read(request);
        if (pagingProblem is not null)
        {
            return (null, pagingProblem);
        }
        if (errors.Count > 0)
        {
            return (null, Problems.Validation(errors));
        }
        return (new SearchRequest(Text(request, "q"), Text(request, "category"), minPrice, maxPrice, minRating, inStock, Text(request, "seller"), Text(request, "sort"), page!), null);
    }

    private static string? Text(HttpRequest request, string name) => request.Query[name].ToString() is { Length: > 0 } value ? value : null;

    private static long? Number(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        if (Text(request, name) is not { } text)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= Money.MaxAmount)
        {
            return value;
        }
        errors[name] = [$"Must be a whole number of minor units from 0 to {Money.MaxAmount}."];
        return null;
    }

    private static double? Decimal(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        if (Text(request, name) is not { } text)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 5)
        {
            return value;
        }
        errors[name] = ["Must be a number from 0 to 5."];
        return null;
    }

    private static bool? Flag(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        switch (Text(request, name))
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                errors[name] = ["Must be true or false."];
                return null;
        }
    }

    private static SearchResponse ToResponse(SearchPage page, IImageStore images) => new(
        page.Products.Select(p => new SearchHitResponse(
            p.Id,
            p.Name,
            p.Brand,
            p.CategoryId,
            new MoneyResponse(p.MinPrice, p.Currency),
            new MoneyResponse(p.MaxPrice, p.Currency),
            new RatingResponse(p.Rating, p.RatingCount),
            p.InStock,
            p.SellerId,
            p.ImageKey is null ? null : images.PublicUrl(p.ImageKey).AbsoluteUri,
            p.CreatedAt)).ToList(),
        page.Total,
        new SearchFacetsResponse(
            page.Categories.Select(c => new CategoryFacetResponse(c.Id, c.Name, c.ParentId, c.Count)).ToList(),
            Facets(page.Facets.Brands),
            Facets(page.Facets.PriceBuckets),
            Facets(page.Facets.Ratings)),
        page.NextCursor);

    private static List<FacetResponse> Facets(IReadOnlyList<FacetCount> counts) => counts.Select(c => new FacetResponse(c.Value, c.Count)).ToList();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(SuggestResponse))]
internal sealed partial class SearchJsonContext : JsonSerializerContext;
