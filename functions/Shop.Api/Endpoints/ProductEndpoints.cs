using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Catalog;
using Shop.Core.Common;

namespace Shop.Api.Endpoints;

public sealed record MoneyResponse(long Amount, string Currency);

public sealed record VariantResponse(string Sku, MoneyResponse Price, IReadOnlyDictionary<string, string> Options, int Stock);

public sealed record ImageResponse(string Id, string Url);

public sealed record RatingResponse(double? Average, int Count);

public sealed record ProductResponse(
    string Id,
    string SellerId,
    string Name,
    string Brand,
    string Description,
    string CategoryId,
    string Status,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string> Options,
    IReadOnlyList<VariantResponse> Variants,
    IReadOnlyList<ImageResponse> Images,
    MoneyResponse MinPrice,
    RatingResponse Rating,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ProductSummaryResponse(
    string Id,
    string Name,
    string Brand,
    string CategoryId,
    string Status,
    MoneyResponse MinPrice,
    RatingResponse Rating,
    ImageResponse? Image,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ProductPageResponse(IReadOnlyList<ProductSummaryResponse> Items, string? NextCursor);

/// <summary>The storefront's catalog reads: a listed product, and a category's listed products a page at a time.</summary>
public static class ProductEndpoints
{
    public static void MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/products/{id}", async (string id, GetProduct getProduct, IImageStore images, CancellationToken cancellationToken) =>
            TypedResults.Ok(CatalogResponses.Product(await getProduct.HandleAsync(id, cancellationToken), images)))
            .RequireAccess(Access.Public)
            .WithName("GetProduct")
            .WithTags("Catalog")
            .WithSummary("A listed product with its variants, prices, stock, images and rating; drafts and archived products are not found.")
            .Produces<ProductResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/categories/{id}/products", async Task<IResult> (string id, HttpRequest request, ListCategoryProducts list, IImageStore images, CancellationToken cancellationToken) =>
        {
            var (page, problem) = Paging.Read(request);
            if (problem is not null)
            {
                return problem;
            }
            var found = await list.HandleAsync(id, request.Query["sort"].ToString(), page!, cancellationToken);
            return TypedResults.Ok(CatalogResponses.Page(found, images));
        })
            .RequireAccess(Access.Public)
            .WithName("ListCategoryProducts")
            .WithTags("Catalog")
            .WithSummary("The category's listed products (not its subcategories'): sort=newest (default), price_asc or price_desc by the cheapest variant; limit and cursor page.")
            .Produces<ProductPageResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

/// <summary>How the catalog's domain objects look on the wire; image keys become URLs here.</summary>
internal static class CatalogResponses
{
    public static ProductResponse Product(Product product, IImageStore images) => new(
        product.Id,
        product.SellerId,
        product.Name,
        product.Brand,
        product.Description,
        product.CategoryId,
        ProductStatuses.ToText(product.Status),
        product.Attributes,
        product.Options,
        product.Variants.Select(Variant).ToList(),
        product.Images.Select(i => Image(i, images)).ToList(),
        Money(product.MinPrice),
        Rating(product.Rating),
        product.CreatedAt,
        product.UpdatedAt);

    public static VariantResponse Variant(Variant variant) => new(variant.Sku, Money(variant.Price), variant.Options, variant.Stock);

    public static ProductPageResponse Page(Page<ProductSummary> page, IImageStore images) => new(
        page.Items.Select(s => new ProductSummaryResponse(
            s.Id,
            s.Name,
            s.Brand,
            s.CategoryId,
            ProductStatuses.ToText(s.Status),
            Money(s.MinPrice),
            Rating(s.Rating),
            s.Image is null ? null : Image(s.Image, images),
            s.CreatedAt,
            s.UpdatedAt)).ToList(),
        page.NextCursor);

    private static ImageResponse Image(ProductImage image, IImageStore images) => new(image.Id, images.PublicUrl(image.Key).AbsoluteUri);

    private static MoneyResponse Money(Money money) => new(money.Amount, money.Currency);

    private static RatingResponse Rating(Rating rating) => new(rating.Average, rating.Count);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ProductResponse))]
[JsonSerializable(typeof(ProductPageResponse))]
internal sealed partial class ProductJsonContext : JsonSerializerContext;
