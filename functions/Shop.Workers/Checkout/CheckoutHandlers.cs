using Shop.Core.Checkout;
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

/// <summary>The saga's confirm task: the held units become sold, the order confirmed.</summary>
public sealed class ConfirmOrderHandler(ConfirmOrder confirm)
    : JsonLambdaHandler<CheckoutInput, OrderStatusResult>(WorkersJsonContext.Default.CheckoutInput, WorkersJsonContext.Default.OrderStatusResult)
{
    protected override Task<OrderStatusResult> HandleAsync(CheckoutInput input, LambdaContext context, CancellationToken cancellationToken) =>
        confirm.HandleAsync(input, cancellationToken);
}

/// <summary>Every failure path's compensation: stock back once, the order failed or cancelled.</summary>
public sealed class CompensateCheckoutHandler(CompensateCheckout compensate)
    : JsonLambdaHandler<CompensationInput, OrderStatusResult>(WorkersJsonContext.Default.CompensationInput, WorkersJsonContext.Default.OrderStatusResult)
{
    protected override Task<OrderStatusResult> HandleAsync(CompensationInput input, LambdaContext context, CancellationToken cancellationToken) =>
        compensate.HandleAsync(input, cancellationToken);
}
