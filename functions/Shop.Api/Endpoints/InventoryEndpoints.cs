using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Catalog;

namespace Shop.Api.Endpoints;

/// <summary>Exactly one of: the new level, or a signed change to the current one.</summary>
public sealed record StockRequest(int? Stock, int? Delta);

public sealed record StockResponse(string Sku, int Stock);

/// <summary>A seller's stock levels, per SKU.</summary>
public static class InventoryEndpoints
{
    public static void MapInventoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut("/seller/inventory/{sku}", async Task<IResult> (string sku, HttpContext http, SetStock setStock, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, InventoryJsonContext.Default.StockRequest);
            if (problem is not null)
            {
                return problem;
            }
            try
            {
                var stock = await setStock.HandleAsync(http.Caller(), sku, body!.Stock, body.Delta, cancellationToken);
                return TypedResults.Ok(new StockResponse(sku, stock));
            }
            catch (InsufficientStockException insufficient)
            {
                return Problems.InsufficientStock(insufficient.Message);
            }
        })
        .RequireAccess(Access.Seller)
        .WithName("SetStock")
        .WithTags("Seller catalog")
        .WithSummary("Sets one of your SKUs' stock ({\"stock\": n}) or adjusts it ({\"delta\": n}); it never goes below zero (409 insufficient-stock).")
        .Accepts<StockRequest>("application/json")
        .Produces<StockResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(StockRequest))]
[JsonSerializable(typeof(StockResponse))]
internal sealed partial class InventoryJsonContext : JsonSerializerContext;
