using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Catalog;

namespace Shop.Api.Endpoints;

public sealed record MoneyRequest(long? Amount, string? Currency);

public sealed record VariantRequest(string? Sku, MoneyRequest? Price, Dictionary<string, string>? Options, int? Stock);

public sealed record CreateProductRequest(
    string? Name,
    string? Brand,
    string? Description,
    string? CategoryId,
    Dictionary<string, string>? Attributes,
    List<string>? Options,
    List<VariantRequest>? Variants,
    string? Status);

public sealed record UpdateProductRequest(
    string? Name,
    string? Brand,
    string? Description,
    string? CategoryId,
    Dictionary<string, string>? Attributes,
    string? Status);

/// <summary>A variant's price or option values; its stock is refused here (inventory sets it).</summary>
public sealed record UpdateVariantRequest(MoneyRequest? Price, Dictionary<string, string>? Options);

public sealed record ImageUploadRequest(string? ContentType);

public sealed record ImageUploadResponse(string Id, string UploadUrl, string Url, DateTimeOffset ExpiresAt);

/// <summary>
/// A seller's own catalog. Another seller's product id answers 404, exactly as a missing one; the
/// seller is always the caller, never a field of the request.
/// </summary>
public static class SellerProductEndpoints
{
    public static void MapSellerProductEndpoints(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/seller/products").RequireAccess(Access.Seller).WithTags("Seller catalog");

        products.MapGet("", async (HttpContext http, ListSellerProducts list, IImageStore images, CancellationToken cancellationToken) =>
        {
            var (page, problem) = Paging.Read(http.Request);
            return problem ?? TypedResults.Ok(CatalogResponses.Page(await list.HandleAsync(http.Caller(), page!, cancellationToken), images));
        })
        .WithName("ListSellerProducts")
        .WithSummary("Your products in every status, most recently changed first; limit and cursor page.")
        .Produces<ProductPageResponse>();

        products.MapPost("", async Task<IResult> (HttpContext http, CreateProduct create, IImageStore images, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, SellerProductJsonContext.Default.CreateProductRequest);
            if (problem is not null)
            {
                return problem;
            }
            var product = await create.HandleAsync(http.Caller(), ToInput(body!), cancellationToken);
            return TypedResults.Created($"/seller/products/{product.Id}", CatalogResponses.Product(product, images));
        })
        .WithName("CreateProduct")
        .WithSummary("Lists a new product with 1 to 49 variants; status draft (default) or active.")
        .Accepts<CreateProductRequest>("application/json")
        .Produces<ProductResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem();

        products.MapGet("/{id}", async (string id, HttpContext http, GetSellerProduct get, IImageStore images, CancellationToken cancellationToken) =>
            TypedResults.Ok(CatalogResponses.Product(await get.HandleAsync(http.Caller(), id, cancellationToken), images)))
        .WithName("GetSellerProduct")
        .WithSummary("One of your products, in any status.")
        .Produces<ProductResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        products.MapPut("/{id}", async Task<IResult> (string id, HttpContext http, UpdateProduct update, IImageStore images, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, SellerProductJsonContext.Default.UpdateProductRequest);
            if (problem is not null)
            {
                return problem;
            }
            var changes = new ProductChanges(body!.Name, body.Brand, body.Description, body.CategoryId, body.Attributes, body.Status);
            return TypedResults.Ok(CatalogResponses.Product(await update.HandleAsync(http.Caller(), id, changes, cancellationToken), images));
        })
        .WithName("UpdateProduct")
        .WithSummary("Changes the fields given (absent ones stay) or the status: draft ⇄ active, either → archived, archived → draft.")
        .Accepts<UpdateProductRequest>("application/json")
        .Produces<ProductResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        products.MapDelete("/{id}", async (string id, HttpContext http, ArchiveProduct archive, CancellationToken cancellationToken) =>
        {
            await archive.HandleAsync(http.Caller(), id, cancellationToken);
            return TypedResults.NoContent();
        })
        .WithName("ArchiveProduct")
        .WithSummary("Archives the product: it leaves the storefront; its data and SKUs stay.")
        .ProducesProblem(StatusCodes.Status404NotFound);

        MapVariants(products);
        MapImages(products);
    }

    private static void MapVariants(RouteGroupBuilder products)
    {
        products.MapPost("/{id}/variants", async Task<IResult> (string id, HttpContext http, AddVariant add, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, SellerProductJsonContext.Default.VariantRequest);
            if (problem is not null)
            {
                return problem;
            }
            var variant = await add.HandleAsync(http.Caller(), id, ToInput(body!), cancellationToken);
            return TypedResults.Created($"/seller/products/{id}/variants/{variant.Sku}", CatalogResponses.Variant(variant));
        })
        .WithName("AddVariant")
        .WithSummary("Adds a SKU to your product (at most 100), priced in the product's currency.")
        .Accepts<VariantRequest>("application/json")
        .Produces<VariantResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        products.MapPut("/{id}/variants/{sku}", async Task<IResult> (string id, string sku, HttpContext http, UpdateVariant update, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, SellerProductJsonContext.Default.UpdateVariantRequest);
            if (problem is not null)
            {
                return problem;
            }
            var changes = new VariantChanges(ToInput(body!.Price), body.Options);
            return TypedResults.Ok(CatalogResponses.Variant(await update.HandleAsync(http.Caller(), id, sku, changes, cancellationToken)));
        })
        .WithName("UpdateVariant")
        .WithSummary("Reprices a variant or changes its option values; stock is set through /seller/inventory.")
        .Accepts<UpdateVariantRequest>("application/json")
        .Produces<VariantResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        products.MapDelete("/{id}/variants/{sku}", async (string id, string sku, HttpContext http, RemoveVariant remove, CancellationToken cancellationToken) =>
        {
            await remove.HandleAsync(http.Caller(), id, sku, cancellationToken);
            return TypedResults.NoContent();
        })
        .WithName("RemoveVariant")
        .WithSummary("Removes a variant and frees its SKU; a product keeps at least one (409).")
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static void MapImages(RouteGroupBuilder products) =>
        products.MapPost("/{id}/images", async Task<IResult> (string id, HttpContext http, AddProductImage add, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, SellerProductJsonContext.Default.ImageUploadRequest);
            if (problem is not null)
            {
                return problem;
            }
            var upload = await add.HandleAsync(http.Caller(), id, body!.ContentType, cancellationToken);
            return TypedResults.Created(
                upload.Url.AbsoluteUri,
                new ImageUploadResponse(upload.Image.Id, upload.Slot.UploadUrl.AbsoluteUri, upload.Url.AbsoluteUri, upload.Slot.ExpiresAt));
        })
        .WithName("AddProductImage")
        .WithSummary("Adds a picture (image/jpeg, image/png or image/webp): PUT the bytes to uploadUrl with that Content-Type within 15 minutes.")
        .Accepts<ImageUploadRequest>("application/json")
        .Produces<ImageUploadResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    private static NewProduct ToInput(CreateProductRequest body) => new(
        body.Name, body.Brand, body.Description, body.CategoryId, body.Attributes, body.Options, body.Variants?.Select(ToInput).ToList(), body.Status);

    private static VariantInput ToInput(VariantRequest variant) => new(variant.Sku, ToInput(variant.Price), variant.Options, variant.Stock);

    private static MoneyInput? ToInput(MoneyRequest? price) => price is null ? null : new MoneyInput(price.Amount, price.Currency);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CreateProductRequest))]
[JsonSerializable(typeof(UpdateProductRequest))]
[JsonSerializable(typeof(VariantRequest))]
[JsonSerializable(typeof(UpdateVariantRequest))]
[JsonSerializable(typeof(ImageUploadRequest))]
[JsonSerializable(typeof(ImageUploadResponse))]
[JsonSerializable(typeof(VariantResponse))]
[JsonSerializable(typeof(ProductResponse))]
[JsonSerializable(typeof(ProductPageResponse))]
internal sealed partial class SellerProductJsonContext : JsonSerializerContext;
