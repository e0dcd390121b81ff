using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Carts;
using Shop.Core.Pricing;

namespace Shop.Api.Endpoints;

public sealed record CartItemRequest(int? Quantity);

/// <summary>What creating a cart takes: nothing, so an empty object or no body at all.</summary>
public sealed record CreateCartRequest;

public sealed record CartItemResponse(
    string Sku,
    string? ProductId,
    string? Name,
    IReadOnlyDictionary<string, string> Options,
    int Quantity,
    MoneyResponse? UnitPrice,
    int Available,
    string? Problem);

/// <param name="Secret">Only in the answer to creating a guest cart: send it as <c>X-Cart-Secret</c> with every later request for this cart.</param>
public sealed record CartResponse(
    string Id,
    string? Secret,
    bool IsGuestCart,
    IReadOnlyList<CartItemResponse> Items,
    IReadOnlyList<string> PromotionCodes,
    PriceBreakdown? Breakdown,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt);

/// <summary>
/// Carts: anyone opens one; a guest proves a cart is theirs with the secret it was created with
/// (<c>X-Cart-Secret</c>), a member by being signed in. Every answer is the cart priced now.
/// </summary>
public static class CartEndpoints
{
    public const string SecretHeader = "X-Cart-Secret";

    public static void MapCartEndpoints(this IEndpointRouteBuilder app)
    {
        var carts = app.MapGroup("/carts").WithTags("Carts");

        carts.MapPost("", async Task<IResult> (HttpContext http, CreateCart create, QuoteCart quote, CancellationToken cancellationToken) =>
        {
            if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            {
                var (_, problem) = await JsonBody.ReadAsync(http.Request, CartJsonContext.Default.CreateCartRequest);
                if (problem is not null)
                {
                    return problem;
                }
            }
            var created = await create.HandleAsync(http.User.ToCaller()?.UserId, cancellationToken);
            var priced = await quote.HandleAsync(created.Cart, CheckoutOptions.Default, cancellationToken);
            return TypedResults.Created($"/carts/{created.Cart.Id}", ToResponse(priced, created.Secret));
        })
        .RequireAccess(Access.Public)
        .WithName("CreateCart")
        .WithSummary("Opens a cart. A guest gets a new cart and its secret (send it as X-Cart-Secret from then on); a signed-in member gets their one cart.")
        .Produces<CartResponse>(StatusCodes.Status201Created);

        carts.MapGet("/{id}", async Task<IResult> (string id, HttpContext http, GetCart get, CancellationToken cancellationToken) =>
        {
            var (options, problem) = ReadOptions(http.Request);
            return problem ?? TypedResults.Ok(ToResponse(await get.HandleAsync(id, Caller(http), options!, cancellationToken)));
        })
        .RequireAccess(Access.Public)
        .WithName("GetCart")
        .WithSummary("The cart priced now: catalog prices, promotions, shipping (shippingOption=standard|express) and tax for country (ISO code, default DE).")
        .Produces<CartResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        carts.MapPut("/{id}/items/{sku}", async Task<IResult> (string id, string sku, HttpContext http, ChangeCartItems change, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, CartJsonContext.Default.CartItemRequest);
            return problem ?? TypedResults.Ok(ToResponse(await change.SetAsync(id, Caller(http), sku, body!.Quantity, cancellationToken)));
        })
        .RequireAccess(Access.Public)
        .WithName("SetCartItem")
        .WithSummary("Puts a SKU in the cart with this quantity (1–99), or changes its quantity. Prices are never taken from the client.")
        .Accepts<CartItemRequest>("application/json")
        .Produces<CartResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        carts.MapDelete("/{id}/items/{sku}", async Task<IResult> (string id, string sku, HttpContext http, ChangeCartItems change, CancellationToken cancellationToken) =>
            TypedResults.Ok(ToResponse(await change.RemoveAsync(id, Caller(http), sku, cancellationToken))))
        .RequireAccess(Access.Public)
        .WithName("RemoveCartItem")
        .WithSummary("Takes a SKU out of the cart.")
        .Produces<CartResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        carts.MapPut("/{id}/promotions/{code}", async Task<IResult> (string id, string code, HttpContext http, ChangeCartPromotions change, CancellationToken cancellationToken) =>
            TypedResults.Ok(ToResponse(await change.ApplyAsync(id, Caller(http), code, cancellationToken))))
        .RequireAccess(Access.Public)
        .WithName("ApplyPromotionCode")
        .WithSummary("Adds a promotion code; the breakdown says whether it applies, and if not, why.")
        .Produces<CartResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);

        carts.MapDelete("/{id}/promotions/{code}", async Task<IResult> (string id, string code, HttpContext http, ChangeCartPromotions change, CancellationToken cancellationToken) =>
            TypedResults.Ok(ToResponse(await change.RemoveAsync(id, Caller(http), code, cancellationToken))))
        .RequireAccess(Access.Public)
        .WithName("RemovePromotionCode")
        .WithSummary("Takes a promotion code off the cart.")
        .Produces<CartResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        carts.MapPost("/{id}/claim", async Task<IResult> (string id, HttpContext http, ClaimGuestCart claim, CancellationToken cancellationToken) =>
            TypedResults.Ok(ToResponse(await claim.HandleAsync(id, http.Caller().UserId, SecretOf(http), cancellationToken))))
        .RequireAccess(Access.Member)
        .WithName("ClaimGuestCart")
        .WithSummary("Merges the guest cart (proved by X-Cart-Secret) into your cart, or makes it yours if you have none; the guest cart is gone afterwards.")
        .Produces<CartResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static CartCaller Caller(HttpContext http) => new(http.User.ToCaller()?.UserId, SecretOf(http));

    private static string? SecretOf(HttpContext http) =>
        http.Request.Headers[SecretHeader].ToString() is { Length: > 0 and <= 128 } secret ? secret : null;

    private static (CheckoutOptions? Options, IResult? Problem) ReadOptions(HttpRequest request)
    {
        var country = request.Query["country"].ToString();
        var option = request.Query["shippingOption"].ToString();
        var postalCode = request.Query["postalCode"].ToString();
        if (country.Length > 0 && (country.Length != 2 || !country.All(char.IsAsciiLetter)))
        {
            return (null, Problems.Validation("country", "Must be an ISO 3166-1 alpha-2 country code."));
        }
        if (option.Length > 32 || postalCode.Length > 20)
        {
            return (null, Problems.Validation(option.Length > 32 ? "shippingOption" : "postalCode", "Is too long."));
        }
        var defaults = CheckoutOptions.Default;
        return (new CheckoutOptions(
            option.Length > 0 ? option : defaults.ShippingOption,
            new Destination(country.Length > 0 ? country.ToUpperInvariant() : defaults.Destination.Country, postalCode.Length > 0 ? postalCode : null)), null);
    }

    private static CartResponse ToResponse(CartQuote quote, string? secret = null) => new(
        quote.Cart.Id,
        secret,
        quote.Cart.IsGuestCart,
        quote.Items.Select(i => new CartItemResponse(
            i.Sku, i.ProductId, i.Name, i.Options, i.Quantity,
            i.UnitPrice is { } price ? new MoneyResponse(price.Amount, price.Currency) : null, i.Available, i.Problem)).ToList(),
        quote.Cart.PromotionCodes,
        quote.Breakdown,
        quote.Cart.UpdatedAt,
        quote.Cart.ExpiresAt);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CartItemRequest))]
[JsonSerializable(typeof(CreateCartRequest))]
[JsonSerializable(typeof(CartResponse))]
internal sealed partial class CartJsonContext : JsonSerializerContext;
