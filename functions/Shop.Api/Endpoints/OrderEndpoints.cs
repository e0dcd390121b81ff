using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Common;
using Shop.Core.Orders;

namespace Shop.Api.Endpoints;

public sealed record OrderLineResponse(string Sku, string ProductId, string Name, IReadOnlyDictionary<string, string> Options, int Quantity, long UnitPrice, long Subtotal, long Discount, long Total);

public sealed record OrderTotalsResponse(string Currency, long Subtotal, long Discount, long Shipping, long ShippingDiscount, long Tax, long Total);

public sealed record OrderHistoryResponse(string Status, string? Reason, DateTimeOffset At);

public sealed record ShipmentEventResponse(string Status, DateTimeOffset At, string? TrackingNumber);

public sealed record ShipmentResponse(string Id, string Status, string? TrackingNumber, IReadOnlyList<ShipmentEventResponse> Events);

public sealed record OrderResponse(
    string Id,
    string Status,
    IReadOnlyList<OrderLineResponse> Lines,
    OrderTotalsResponse Totals,
    ShippingAddress ShippingAddress,
    string ShippingOption,
    string PaymentMethod,
    IReadOnlyList<string> PromotionCodes,
    IReadOnlyList<OrderHistoryResponse> History,
    IReadOnlyList<ShipmentResponse> Shipments,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record OrderSummaryResponse(string Id, string Status, long Total, string Currency, int Items, DateTimeOffset CreatedAt);

public sealed record OrdersResponse(IReadOnlyList<OrderSummaryResponse> Items, string? NextCursor);

/// <summary>Placing an order (idempotent by its key) and reading one's own orders.</summary>
public static class OrderEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static void MapOrderEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders").RequireAccess(Access.Member).WithTags("Orders");

        orders.MapPost("", async Task<IResult> (HttpContext http, PlaceOrder place, ILogger<PlaceOrder> log, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, OrderRequestJsonContext.Default.PlaceOrderInput);
            if (problem is not null)
            {
                return problem;
            }
            var placed = await place.HandleAsync(http.Caller().UserId, http.Request.Headers[IdempotencyKeyHeader].ToString(), body!, cancellationToken);
            if (placed.PublishError is { } error)
            {
                log.LogWarning(error, "Order {OrderId} is placed; publishing its events failed, the outbox relay will publish them.", placed.Order.Id);
            }
            if (placed.Replayed)
            {
                http.Response.Headers[ReplayedHeader] = "true";
            }
            return TypedResults.Created($"/orders/{placed.Order.Id}", ToResponse(placed.Order));
        })
        .WithName("PlaceOrder")
        .WithSummary("Places an order from your cart, priced on the server (prices or totals in the body are ignored). Requires an Idempotency-Key header: "
            + "the same key and body answer the same order (Idempotent-Replayed: true), another body 422, while the first is in progress 409.")
        .Accepts<PlaceOrderInput>("application/json")
        .Produces<OrderResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        orders.MapGet("", async Task<IResult> (HttpContext http, ListOrders list, CancellationToken cancellationToken) =>
        {
            var (page, problem) = Paging.Read(http.Request);
            if (problem is not null)
            {
                return problem;
            }
            var found = await list.HandleAsync(http.Caller().UserId, page!, cancellationToken);
            return TypedResults.Ok(new OrdersResponse(
                found.Items.Select(o => new OrderSummaryResponse(o.Id, o.Status.Name(), o.Total, o.Currency, o.Items, o.CreatedAt)).ToList(), found.NextCursor));
        })
        .WithName("ListOrders")
        .WithSummary("Your orders, newest first; limit (≤ 100) and cursor page.")
        .Produces<OrdersResponse>()
        .ProducesValidationProblem();

        orders.MapGet("/{id}", async Task<IResult> (string id, HttpContext http, GetOrder get, CancellationToken cancellationToken) =>
            TypedResults.Ok(ToResponse(await get.HandleAsync(http.Caller().UserId, id, cancellationToken))))
        .WithName("GetOrder")
        .WithSummary("One of your orders with its lines as sold, totals, status history and shipments.")
        .Produces<OrderResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    internal static OrderResponse ToResponse(Order order) => new(
        order.Id,
        order.Status.Name(),
        order.Lines.Select(l => new OrderLineResponse(l.Sku, l.ProductId, l.Name, l.Options, l.Quantity, l.UnitPrice, l.Subtotal, l.Discount, l.Total)).ToList(),
        new OrderTotalsResponse(order.Totals.Currency, order.Totals.Subtotal, order.Totals.Discount, order.Totals.Shipping, order.Totals.ShippingDiscount, order.Totals.Tax, order.Totals.Total),
        order.ShippingAddress,
        order.ShippingOption,
        order.Payment.Method,
        order.PromotionCodes,
        order.History.Select(h => new OrderHistoryResponse(h.Status.Name(), h.Reason, h.At)).ToList(),
        order.Shipments.Select(s => new ShipmentResponse(s.Id, s.Status, s.TrackingNumber,
            s.Events.Select(e => new ShipmentEventResponse(e.Status, e.At, e.TrackingNumber)).ToList())).ToList(),
        order.CreatedAt,
        order.UpdatedAt);
}

/// <summary>
/// The order request alone ignores members it does not know: the issue asks that prices or totals a
/// client sends are ignored (the server prices the cart), not refused. Every other request refuses them.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlaceOrderInput))]
internal sealed partial class OrderRequestJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(OrdersResponse))]
internal sealed partial class OrderJsonContext : JsonSerializerContext;
