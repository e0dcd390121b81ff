using Shop.Core.Checkout;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Workers.Checkout;

/// <summary>The saga's "reserve inventory" task: all of the order's units or none.</summary>
public sealed class ReserveInventoryHandler(ReserveOrderStock reserve)
    : JsonLambdaHandler<CheckoutInput, ReservationResult>(WorkersJsonContext.Default.CheckoutInput, WorkersJsonContext.Default.ReservationResult)
{
    protected override Task<ReservationResult> HandleAsync(CheckoutInput input, LambdaContext context, CancellationToken cancellationToken) =>
        reserve.HandleAsync(input, cancellationToken);
}

/// <summary>The saga's fraud check: approve, review or reject, with the score and its reasons.</summary>
public sealed class AssessFraudHandler(CheckOrderForFraud check)
    : JsonLambdaHandler<CheckoutInput, FraudResult>(WorkersJsonContext.Default.CheckoutInput, WorkersJsonContext.Default.FraudResult)
{
    protected override Task<FraudResult> HandleAsync(CheckoutInput input, LambdaContext context, CancellationToken cancellationToken) =>
        check.HandleAsync(input, cancellationToken);
}

/// <summary>The saga's payment authorization: authorized, declined, or waiting for the shopper or their bank.</summary>
public sealed class AuthorizePaymentHandler(AuthorizeOrderPayment authorize)
    : JsonLambdaHandler<CheckoutInput, PaymentResult>(WorkersJsonContext.Default.CheckoutInput, WorkersJsonContext.Default.PaymentResult)
{
    protected override Task<PaymentResult> HandleAsync(CheckoutInput input, LambdaContext context, CancellationToken cancellationToken) =>
        authorize.HandleAsync(input, cancellationToken);
}

/// <summary>The saga's waiting tasks (<c>.waitForTaskToken</c>): keeps the token for the callback that will answer it.</summary>
public sealed class AwaitCallbackHandler(AwaitCheckoutCallback awaiting)
    : JsonLambdaHandler<CallbackRequest, CallbackOutcome>(WorkersJsonContext.Default.CallbackRequest, WorkersJsonContext.Default.CallbackOutcome)
{
    protected override Task<CallbackOutcome> HandleAsync(CallbackRequest input, LambdaContext context, CancellationToken cancellationToken) =>
        awaiting.HandleAsync(input, cancellationToken);
}

/// <summary>The saga's confirm task: the held units become sold, the order confirmed.</summary>
public sealed class ConfirmOrderHandler(ConfirmOrder confirm)
    : JsonLambdaHandler<CheckoutInput, OrderStatusResult>(WorkersJsonContext.Default.CheckoutInput, WorkersJsonContext.Default.OrderStatusResult)
{
    protected override Task<OrderStatusResult> HandleAsync(CheckoutInput input, LambdaContext context, CancellationToken cancellationToken) =>
        confirm.HandleAsync(input, cancellationToken);
}

/// <summary>The saga's shipment task: a shipment from the location that serves the destination.</summary>
public sealed class CreateShipmentHandler(CreateOrderShipment create)
    : JsonLambdaHandler<CheckoutInput, ShipmentResult>(WorkersJsonContext.Default.CheckoutInput, WorkersJsonContext.Default.ShipmentResult)
{
    protected override Task<ShipmentResult> HandleAsync(CheckoutInput input, LambdaContext context, CancellationToken cancellationToken) =>
        create.HandleAsync(input, cancellationToken);
}

/// <summary>The saga's capture task, once the goods have left.</summary>
public sealed class CapturePaymentHandler(CaptureOrderPayment capture)
    : JsonLambdaHandler<CheckoutInput, PaymentResult>(WorkersJsonContext.Default.CheckoutInput, WorkersJsonContext.Default.PaymentResult)
{
    protected override Task<PaymentResult> HandleAsync(CheckoutInput input, LambdaContext context, CancellationToken cancellationToken) =>
        capture.HandleAsync(input, cancellationToken);
}

/// <summary>Every failure path's compensation: the order failed or cancelled, stock back once, the payment voided or refunded once.</summary>
public sealed class CompensateCheckoutHandler(CompensateCheckout compensate)
    : JsonLambdaHandler<CompensationInput, OrderStatusResult>(WorkersJsonContext.Default.CompensationInput, WorkersJsonContext.Default.OrderStatusResult)
{
    protected override Task<OrderStatusResult> HandleAsync(CompensationInput input, LambdaContext context, CancellationToken cancellationToken) =>
        compensate.HandleAsync(input, cancellationToken);
}

public sealed record ExpireHoldsReport(int Cancelled);

/// <summary>
/// The hold sweep, run on a schedule: cancels the orders whose stock holds outlived every wait of
/// their checkout (stock back once, payment voided). It stops well before the invocation's deadline.
/// </summary>
public sealed class ExpireHoldsHandler(ExpireCheckoutHolds expire, IMetrics metrics)
    : JsonLambdaHandler<ScheduledEvent, ExpireHoldsReport>(WorkersJsonContext.Default.ScheduledEvent, WorkersJsonContext.Default.ExpireHoldsReport)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    protected override async Task<ExpireHoldsReport> HandleAsync(ScheduledEvent input, LambdaContext context, CancellationToken cancellationToken)
    {
        var cancelled = await expire.HandleAsync(context.Deadline - Margin, cancellationToken);
        metrics.Add("CheckoutHoldsExpired", cancelled);
        return new ExpireHoldsReport(cancelled);
    }
}
