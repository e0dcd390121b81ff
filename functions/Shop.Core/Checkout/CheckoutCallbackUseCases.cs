using Shop.Core.Common;
using Shop.Core.Fulfillment;
using Shop.Core.Orders;
using Shop.Core.Payments;

namespace Shop.Core.Checkout;

/// <summary>
/// Brings news of a payment to the order: the recorded status moves forward only
/// (<see cref="PaymentEvents.ShouldApply(PaymentStatus?, PaymentStatus)"/>), and once the payment
/// is no longer pending the step waiting for it (if one does) is answered, once.
/// </summary>
public sealed class ResolveOrderPayment(IOrderPayments payments, ICheckoutCallbacks callbacks, ICheckoutSignals signals, TimeProvider time)
{
    public async Task<OrderPayment> ApplyAsync(OrderPayment recorded, PaymentStatus status, string? declineCode, CancellationToken cancellationToken)
    {
        var current = recorded;
        for (var attempt = 0; attempt < 3 && PaymentEvents.ShouldApply(current.Status, status); attempt++)
        {
            if (await payments.UpdateStatusAsync(current.OrderId, current.Status, status, declineCode ?? current.DeclineCode, time.GetUtcNow(), cancellationToken))
            {
                current = current with { Status = status, DeclineCode = declineCode ?? current.DeclineCode };
                break;
            }
            current = await payments.FindAsync(current.OrderId, cancellationToken) ?? current;
        }
        if (!current.Status.IsPending())
        {
            await CheckoutCallbacks.SucceedAsync(callbacks, signals, current.OrderId, CallbackKinds.Payment, new CallbackOutcome(current.Status.Name()), cancellationToken);
        }
        return current;
    }
}

public sealed record PaymentView(string OrderId, string PaymentId, string Status, string? DeclineCode);

/// <summary>
/// <c>POST /orders/{id}/payment/complete</c>: the shopper is back from the 3-D Secure page (or, in
/// the sandbox, says their transfer is made). The provider is asked how the payment stands; the
/// checkout moves on from there. A repeat answers the same.
/// </summary>
public sealed class CompleteOrderPayment(IOrderStore orders, IOrderPayments payments, IPaymentActionReturn returns, ResolveOrderPayment resolve)
{
    public async Task<PaymentView> HandleAsync(string memberId, string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken);
        if (order is null || order.MemberId != memberId)
        {
            throw new NotFoundException($"No order {orderId}.");
        }
        var payment = await payments.FindAsync(orderId, cancellationToken)
            ?? throw new ConflictException($"Order {orderId} has no payment waiting for the shopper yet.");
        if (payment.Status.IsPending())
        {
            var latest = await returns.ReturnAsync(payment.PaymentId, cancellationToken);
            payment = await resolve.ApplyAsync(payment, latest.Status, latest.DeclineCode, cancellationToken);
        }
        return new PaymentView(order.Id, payment.PaymentId, payment.Status.Name(), payment.DeclineCode);
    }
}

public enum WebhookOutcome
{
    Applied,

    /// <summary>The event id was seen before: a redelivery changes nothing.</summary>
    Duplicate,

    /// <summary>A genuine event Shop does not act on, or about a payment that is not an order's.</summary>
    Ignored,
}

/// <summary>
/// <c>POST /payments/webhooks</c>: a verified provider event, applied once per event id and only
/// when it moves the payment forward (late and out-of-order events change nothing).
/// </summary>
public sealed class ApplyPaymentWebhook(IPaymentWebhookReader reader, IOrderPayments payments, ResolveOrderPayment resolve, TimeProvider time)
{
    public async Task<WebhookOutcome> HandleAsync(byte[] body, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        PaymentWebhookEvent incoming;
        try
        {
            incoming = reader.Read(body, headers, time.GetUtcNow());
        }
        catch (UnsupportedWebhookEventException)
        {
            return WebhookOutcome.Ignored;
        }
        if (await payments.WebhookSeenAsync(incoming.EventId, cancellationToken))
        {
            return WebhookOutcome.Duplicate;
        }
        // The event may come before the checkout recorded the payment: not found makes the provider send it again later.
        var payment = await payments.FindByPaymentIdAsync(incoming.PaymentId, cancellationToken)
            ?? throw new NotFoundException($"No order's payment is {incoming.PaymentId} (yet).");
        await resolve.ApplyAsync(payment, incoming.Status, null, cancellationToken);
        // Remembered after it is applied: a failure on the way lets the redelivery apply it.
        return await payments.MarkWebhookSeenAsync(incoming.EventId, incoming.PaymentId, incoming.Type, time.GetUtcNow(), cancellationToken)
            ? WebhookOutcome.Applied
            : WebhookOutcome.Duplicate;
    }
}

/// <summary>
/// <c>POST /orders/{id}/cancel</c>: until the goods leave, the member may cancel. The order becomes
/// <c>cancelled</c> at once and its stock and payment go back (the same compensation the state
/// machine runs, so it does no harm when the state machine runs it again); a step waiting for the
/// shopper, an analyst or the warehouse is failed so the execution ends. After shipment: 409.
/// </summary>
public sealed class CancelOrder(IOrderStore orders, CompensateCheckout compensate, ICheckoutCallbacks callbacks, ICheckoutSignals signals, TimeProvider time)
{
    public const string Reason = "cancelled by the member";

    public async Task<Order> HandleAsync(string memberId, string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken);
        if (order is null || order.MemberId != memberId)
        {
            throw new NotFoundException($"No order {orderId}.");
        }
        if (order.Status != OrderStatus.Cancelled)
        {
            var cancellable = new[] { OrderStatus.Pending, OrderStatus.AwaitingPaymentAction, OrderStatus.Confirmed };
            if (!await orders.TransitionAsync(orderId, cancellable, OrderStatus.Cancelled, Reason, time.GetUtcNow(), cancellationToken))
            {
                order = await orders.FindAsync(orderId, cancellationToken) ?? throw new NotFoundException($"No order {orderId}.");
                if (order.Status != OrderStatus.Cancelled)
                {
                    throw new ConflictException($"Order {orderId} is {order.Status.Name()}; only orders not yet shipped can be cancelled.");
                }
            }
        }
        await compensate.HandleAsync(new CompensationInput(orderId, Reason, OrderStatus.Cancelled.Name()), cancellationToken);
        foreach (var kind in CallbackKinds.All)
        {
            await CheckoutCallbacks.FailCancelledAsync(callbacks, signals, orderId, kind, cancellationToken);
        }
        return await orders.FindAsync(orderId, cancellationToken) ?? throw new NotFoundException($"No order {orderId}.");
    }
}

/// <summary>
/// <c>POST /fulfillment/shipments/{id}/events</c>: a warehouse reports picked, packed, shipped or
/// delivered. Each status is recorded once (a repeat or a late event changes nothing); shipped
/// moves the order to shipped and lets the checkout capture the payment.
/// </summary>
public sealed class RecordShipmentEvent(IShipmentStore shipments, ICheckoutCallbacks callbacks, ICheckoutSignals signals, TimeProvider time)
{
    public async Task<ShipmentEventResult> HandleAsync(string shipmentId, string status, string? trackingNumber, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        validation.When(!ShipmentStatuses.Reported.Contains(status), "status", $"Must be one of: {string.Join(", ", ShipmentStatuses.Reported)}.");
        validation.When(!(trackingNumber is null || (trackingNumber.Length is > 0 and <= 64 && trackingNumber.All(char.IsAsciiLetterOrDigit))),
            "trackingNumber", "Must be 1 to 64 letters or digits.");
        validation.ThrowIfAny();
        var result = await shipments.RecordAsync(shipmentId, status, trackingNumber, time.GetUtcNow(), cancellationToken);
        if (result.Outcome == ShipmentEventOutcome.OrderNotShippable)
        {
            throw new ConflictException($"The order of shipment {shipmentId} is no longer confirmed (it was cancelled); its goods must not leave.");
        }
        if (ShipmentStatuses.HasLeft(result.Shipment.Status))
        {
            await CheckoutCallbacks.SucceedAsync(callbacks, signals, result.Shipment.OrderId, CallbackKinds.Shipment, new CallbackOutcome(ShipmentStatuses.Shipped), cancellationToken);
        }
        return result;
    }
}

/// <summary>An analyst's decision on an order the fraud check held for review.</summary>
public static class ReviewDecisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    public static readonly IReadOnlyList<string> All = [Approve, Reject];
}

/// <summary><c>GET /admin/orders/held</c>: the review queue, longest waiting first, with each order's score and reasons.</summary>
public sealed class ListHeldOrders(IFraudAssessments assessments)
{
    public Task<Page<HeldOrder>> HandleAsync(PageRequest page, CancellationToken cancellationToken) =>
        assessments.ListHeldAsync(page, cancellationToken);
}

/// <summary><c>POST /admin/orders/{id}/review</c>: approve or reject an order the fraud check held.</summary>
public sealed class ReviewOrder(IOrderStore orders, ICheckoutCallbacks callbacks, ICheckoutSignals signals)
{
    public async Task HandleAsync(string orderId, string decision, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        validation.When(!ReviewDecisions.All.Contains(decision), "decision", $"Must be one of: {string.Join(", ", ReviewDecisions.All)}.");
        validation.ThrowIfAny();
        _ = await orders.FindAsync(orderId, cancellationToken) ?? throw new NotFoundException($"No order {orderId}.");
        if (!await CheckoutCallbacks.SucceedAsync(callbacks, signals, orderId, CallbackKinds.Review, new CallbackOutcome(decision), cancellationToken))
        {
            throw new ConflictException($"Order {orderId} is not waiting for a review.");
        }
    }
}
