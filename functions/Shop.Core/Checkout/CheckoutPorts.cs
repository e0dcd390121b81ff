using Shop.Core.Common;
using Shop.Core.Fraud;
using Shop.Core.Orders;
using Shop.Core.Payments;

namespace Shop.Core.Checkout;

/// <summary>What a waiting step of the checkout waits for; one waiting task token per order and kind.</summary>
public static class CallbackKinds
{
    /// <summary>The shopper's 3-D Secure challenge or bank transfer (<c>POST /orders/{id}/payment/complete</c>, the payment webhook).</summary>
    public const string Payment = "payment";

    /// <summary>An operator's decision on an order the fraud check held (<c>POST /admin/orders/{id}/review</c>).</summary>
    public const string Review = "review";

    /// <summary>The order's shipment leaving the warehouse (<c>POST /fulfillment/shipments/{id}/events</c>).</summary>
    public const string Shipment = "shipment";

    public static readonly IReadOnlyList<string> All = [Payment, Review, Shipment];
}

/// <summary>
/// The task tokens of waiting checkout steps. Whoever resolves a wait takes the token (it is
/// deleted as it is read), so of the two that may race for it (the waiting step that finds the
/// outcome already there, and the callback that brings it) only one answers the state machine.
/// </summary>
public interface ICheckoutCallbacks
{
    Task SaveAsync(string orderId, string kind, string taskToken, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The token and its removal, or null when no step waits (not yet, or no longer).</summary>
    Task<string?> TakeAsync(string orderId, string kind, CancellationToken cancellationToken);

    /// <summary>Puts back a token taken for an answer that could not be delivered, unless a newer wait saved one meanwhile.</summary>
    Task RestoreAsync(string orderId, string kind, string taskToken, CancellationToken cancellationToken);
}

/// <summary>
/// An order the fraud check held, as an analyst sees it in the review queue: the score and the
/// codes of the rules that fired (<see cref="FraudReasons"/>); no score for an order held before
/// assessments were kept.
/// </summary>
public sealed record HeldOrder(
    string OrderId, string MemberId, long Total, string Currency, DateTimeOffset PlacedAt, DateTimeOffset HeldAt, int? Score, IReadOnlyList<string> Reasons);

/// <summary>
/// The fraud check's verdicts, kept with the order: why an order was held or refused, and the
/// queue of held orders an analyst works through (<c>GET /admin/orders/held</c>).
/// </summary>
public interface IFraudAssessments
{
    /// <summary>Keeps the order's assessment; a retried fraud step replaces it with the one the saga acts on.</summary>
    Task RecordAsync(string orderId, FraudAssessment assessment, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Orders whose checkout waits for a review, longest waiting first.</summary>
    Task<Page<HeldOrder>> ListHeldAsync(PageRequest page, CancellationToken cancellationToken);
}

/// <summary>Answers a waiting step of the state machine (Step Functions' SendTaskSuccess / SendTaskFailure).</summary>
public interface ICheckoutSignals
{
    /// <summary><paramref name="outcome"/> becomes the waiting task's result.</summary>
    Task SucceedAsync(string taskToken, CallbackOutcome outcome, CancellationToken cancellationToken);

    /// <summary>The waiting task fails with <paramref name="error"/> (a state machine Catch names it).</summary>
    Task FailAsync(string taskToken, string error, string cause, CancellationToken cancellationToken);
}

/// <summary>What a resolved wait tells the state machine: the payment's status, the review's decision, the shipment's status.</summary>
public sealed record CallbackOutcome(string Status);

/// <summary>The order's payment as Shop records it: one per order, its status following the provider's.</summary>
public sealed record OrderPayment(
    string OrderId, string PaymentId, string Method, PaymentStatus Status, long Amount, string Currency, string? DeclineCode);

public interface IOrderPayments
{
    Task<OrderPayment?> FindAsync(string orderId, CancellationToken cancellationToken);

    Task<OrderPayment?> FindByPaymentIdAsync(string paymentId, CancellationToken cancellationToken);

    /// <summary>Records the order's payment; a second record for the order keeps the first (a repeated step).</summary>
    Task<OrderPayment> AddAsync(OrderPayment payment, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Moves the status from <paramref name="expected"/> to <paramref name="status"/>; false when it no longer was <paramref name="expected"/>.</summary>
    Task<bool> UpdateStatusAsync(string orderId, PaymentStatus expected, PaymentStatus status, string? declineCode, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> WebhookSeenAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Remembers a provider's webhook event id; false when it was seen before (a redelivery).</summary>
    Task<bool> MarkWebhookSeenAsync(string eventId, string paymentId, string type, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>The customer is back from the provider's challenge: the payment as it now stands (the sandbox simulates the challenge's end).</summary>
public interface IPaymentActionReturn
{
    Task<PaymentAuthorization> ReturnAsync(string paymentId, CancellationToken cancellationToken);
}

/// <summary>
/// A failure or delay a test asks a checkout step for. Only the local and test configuration
/// reads a plan (written straight into the table by the test, keyed by the order's cart); a
/// deployed function has <see cref="NoCheckoutFaults"/> and no request can ask for one.
/// </summary>
public sealed record CheckoutFault(string Step, string Kind, int DelayMilliseconds = 0, int? PaymentWaitSeconds = null)
{
    public const string Fail = "fail";
    public const string Delay = "delay";
}

public interface ICheckoutFaults
{
    Task<CheckoutFault?> ForAsync(Order order, CancellationToken cancellationToken);
}

public sealed class NoCheckoutFaults : ICheckoutFaults
{
    public Task<CheckoutFault?> ForAsync(Order order, CancellationToken cancellationToken) => Task.FromResult<CheckoutFault?>(null);
}

/// <summary>A failure injected by a test's fault plan. Not in the state machine's retry list: it goes straight to compensation.</summary>
public sealed class InjectedFaultException(string step) : Exception($"A fault was injected into the checkout step '{step}'.");

/// <summary>The order was cancelled while its checkout ran: the state machine compensates and the order stays cancelled.</summary>
public sealed class OrderCancelledException(string orderId) : Exception($"Order {orderId} was cancelled.");

public static class CheckoutFaultPlans
{
    /// <summary>Fails or delays <paramref name="step"/> when the order's fault plan names it.</summary>
    public static async Task ApplyAsync(this ICheckoutFaults faults, string step, Order order, CancellationToken cancellationToken)
    {
        var fault = await faults.ForAsync(order, cancellationToken);
        if (fault is null || fault.Step != step)
        {
            return;
        }
        if (fault.Kind == CheckoutFault.Delay)
        {
            await Task.Delay(fault.DelayMilliseconds, cancellationToken);
            return;
        }
        throw new InjectedFaultException(step);
    }
}
