using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Checkout;

namespace Shop.Api.Endpoints;

public sealed record PaymentResponse(string OrderId, string PaymentId, string Status, string? DeclineCode);

public sealed record WebhookResponse(bool Received, string Outcome);

public sealed record ShipmentEventInput(string Status, string? TrackingNumber);

public sealed record ShipmentEventResultResponse(string Id, string OrderId, string Status, string? TrackingNumber, bool Changed);

public sealed record ReviewInput(string Decision);

public sealed record HeldOrderResponse(
    string OrderId, string MemberId, long Total, string Currency, DateTimeOffset PlacedAt, DateTimeOffset HeldAt, int? Score, IReadOnlyList<string> Reasons);

public sealed record HeldOrdersResponse(IReadOnlyList<HeldOrderResponse> Items, string? NextCursor);

/// <summary>
/// What moves a checkout on from outside: the member cancelling or returning from 3-D Secure, the
/// payment provider's webhooks, the warehouse's shipment events, an analyst's review.
/// </summary>
public static class CheckoutEndpoints
{
    public static void MapCheckoutEndpoints(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders").RequireAccess(Access.Member).WithTags("Orders");

        orders.MapPost("/{id}/cancel", async Task<IResult> (string id, HttpContext http, CancelOrder cancel, CancellationToken cancellationToken) =>
            TypedResults.Ok(OrderEndpoints.ToResponse(await cancel.HandleAsync(http.Caller().UserId, id, cancellationToken))))
        .WithName("CancelOrder")
        .WithSummary("Cancels one of your orders until it ships: its stock goes back and its payment is voided (or refunded). A repeat answers the cancelled order; after shipment 409.")
        .Produces<OrderResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        orders.MapPost("/{id}/payment/complete", async Task<IResult> (string id, HttpContext http, CompleteOrderPayment complete, CancellationToken cancellationToken) =>
        {
            var payment = await complete.HandleAsync(http.Caller().UserId, id, cancellationToken);
            return TypedResults.Ok(new PaymentResponse(payment.OrderId, payment.PaymentId, payment.Status, payment.DeclineCode));
        })
        .WithName("CompleteOrderPayment")
        .WithSummary("The return from 3-D Secure (or, in the sandbox, a bank transfer made): the payment's outcome moves the checkout on. 409 while the order has no payment waiting yet.")
        .Produces<PaymentResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/payments/webhooks", async Task<IResult> (HttpContext http, ApplyPaymentWebhook apply, CancellationToken cancellationToken) =>
        {
            if (!http.Request.HasJsonContentType())
            {
                return Problems.UnsupportedMediaType();
            }
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, cancellationToken);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var outcome = await apply.HandleAsync(buffer.ToArray(), headers, cancellationToken);
            return TypedResults.Ok(new WebhookResponse(true, outcome.ToString().ToLowerInvariant()));
        })
        .RequireAccess(Access.Public)
        .WithTags("Payments")
        .WithName("ReceivePaymentWebhook")
        .WithSummary("The payment provider's events, signature verified over the raw body; each event id is applied once, and only when it moves the payment forward. "
            + "404 for a payment no order has recorded yet (the provider sends it again).")
        .Produces<WebhookResponse>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapPost("/fulfillment/shipments/{id}/events", async Task<IResult> (string id, HttpContext http, RecordShipmentEvent record, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, CheckoutJsonContext.Default.ShipmentEventInput);
            if (problem is not null)
            {
                return problem;
            }
            var result = await record.HandleAsync(id, body!.Status, body.TrackingNumber, cancellationToken);
            var shipment = result.Shipment;
            return TypedResults.Ok(new ShipmentEventResultResponse(shipment.Id, shipment.OrderId, shipment.Status, shipment.TrackingNumber,
                result.Outcome == Core.Fulfillment.ShipmentEventOutcome.Applied));
        })
        .RequireAccess(Access.Fulfillment)
        .WithTags("Fulfillment")
        .WithName("RecordShipmentEvent")
        .WithSummary("A warehouse reports picked, packed, shipped or delivered (optional trackingNumber). Repeats and late events change nothing (changed: false); "
            + "shipped moves the order to shipped and captures its payment; 409 for an order that was cancelled.")
        .Accepts<ShipmentEventInput>("application/json")
        .Produces<ShipmentEventResultResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost("/admin/orders/{id}/review", async Task<IResult> (string id, HttpContext http, ReviewOrder review, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, CheckoutJsonContext.Default.ReviewInput);
            if (problem is not null)
            {
                return problem;
            }
            await review.HandleAsync(id, body!.Decision, cancellationToken);
            return TypedResults.Accepted($"/orders/{id}");
        })
        .RequireAccess(Access.Admin)
        .WithTags("Orders")
        .WithName("ReviewOrder")
        .WithSummary("Approves or rejects an order the fraud check held for review (decision: approve | reject); 409 when the order is not waiting for one.")
        .Accepts<ReviewInput>("application/json")
        .Produces(StatusCodes.Status202Accepted)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/admin/orders/held", async Task<IResult> (HttpRequest request, ListHeldOrders list, CancellationToken cancellationToken) =>
        {
            var (page, problem) = Paging.Read(request);
            if (problem is not null)
            {
                return problem;
            }
            var held = await list.HandleAsync(page!, cancellationToken);
            return TypedResults.Ok(new HeldOrdersResponse(
                held.Items.Select(h => new HeldOrderResponse(h.OrderId, h.MemberId, h.Total, h.Currency, h.PlacedAt, h.HeldAt, h.Score, h.Reasons)).ToList(),
                held.NextCursor));
        })
        .RequireAccess(Access.Admin)
        .WithTags("Orders")
        .WithName("ListHeldOrders")
        .WithSummary("The review queue: orders the fraud check held, longest waiting first, with their score and the rules that fired (limit, cursor).")
        .Produces<HeldOrdersResponse>()
        .ProducesValidationProblem();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PaymentResponse))]
[JsonSerializable(typeof(WebhookResponse))]
[JsonSerializable(typeof(ShipmentEventInput))]
[JsonSerializable(typeof(ShipmentEventResultResponse))]
[JsonSerializable(typeof(ReviewInput))]
[JsonSerializable(typeof(HeldOrdersResponse))]
internal sealed partial class CheckoutJsonContext : JsonSerializerContext;
