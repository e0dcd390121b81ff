using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Fraud;
using Shop.Core.Fulfillment;
using Shop.Core.Identity;
using Shop.Core.Inventory;
using Shop.Core.Orders;
using Shop.Core.Payments;

namespace Shop.Core.Checkout;

/// <summary>What every step of the checkout state machine is given: the order, by id (the execution is named by it too).</summary>
public sealed record CheckoutInput(string OrderId);

/// <summary>Whether the order's units are held; if not, the SKU that lacked them.</summary>
public sealed record ReservationResult(bool Reserved, string? Sku = null, int Available = 0);

/// <summary>How long the checkout waits for each outside party before it gives up and cancels the order.</summary>
public sealed record CheckoutTimeouts(TimeSpan PaymentAction, TimeSpan BankTransfer, TimeSpan Review, TimeSpan Shipment)
{
    /// <summary>
    /// A 3-D Secure challenge is a minute's work (15 minutes); a bank transfer takes days (5); a held
    /// order waits a day for an analyst; the goods should leave within 14 days (a card
    /// authorization lapses after about 7 at most issuers, so capture may fail past that: operators see it).
    /// </summary>
    public static CheckoutTimeouts Default { get; } = new(TimeSpan.FromMinutes(15), TimeSpan.FromDays(5), TimeSpan.FromDays(1), TimeSpan.FromDays(14));

    /// <summary>How long the payment of <paramref name="method"/> may wait for the shopper or their bank.</summary>
    public TimeSpan PaymentWaitFor(string method) => method == PaymentMethods.BankTransfer ? BankTransfer : PaymentAction;

    /// <summary>A hold outlives every wait before confirmation, so it expires only when the checkout is gone.</summary>
    public TimeSpan HoldFor(string method) => Review + PaymentWaitFor(method) + TimeSpan.FromHours(1);
}

/// <summary>The order as the steps read it, with the checks every step makes first.</summary>
public static class CheckoutOrders
{
    /// <summary>The order, or <see cref="OrderCancelledException"/> when it was cancelled meanwhile (the state machine compensates).</summary>
    public static async Task<Order> ActiveAsync(this IOrderStore orders, string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken) ?? throw new NotFoundException($"No order {orderId}.");
        return order.Status == OrderStatus.Cancelled ? throw new OrderCancelledException(orderId) : order;
    }
}

/// <summary>
/// The saga's first step: takes all of the order's units from stock or none. A repeated step
/// answers the hold it made before. "Not enough stock" is an outcome (the state machine branches
/// on it), not an error; errors are what Step Functions retries.
/// </summary>
public sealed class ReserveOrderStock(IOrderStore orders, IInventoryStore inventory, ICheckoutFaults faults, CheckoutTimeouts timeouts, TimeProvider time)
{
    public async Task<ReservationResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var order = await orders.ActiveAsync(input.OrderId, cancellationToken);
        await faults.ApplyAsync(ShopNames.Handlers.CheckoutReserveInventory, order, cancellationToken);
        var now = time.GetUtcNow();
        try
        {
            var hold = await inventory.HoldAsync(order.Id, order.Lines.Select(l => new HoldLine(l.Sku, l.ProductId, l.Quantity)).ToList(),
                now, now + timeouts.HoldFor(order.Payment.Method), cancellationToken);
            return hold.Status == HoldStatus.Released ? new ReservationResult(false) : new ReservationResult(true);
        }
        catch (InsufficientStockException insufficient)
        {
            return new ReservationResult(false, insufficient.Sku, insufficient.Available);
        }
    }
}

/// <summary>What the order database knows about a member's and a payment token's recent orders, for the fraud check.</summary>
public sealed record OrderHistory(
    int MemberOrdersLastHour,
    int MemberOrdersLastDay,
    int TokenOrdersLastDay,
    int TokenMembersLastDay,
    long MemberAverageOrderAmount,
    int MemberCompletedOrders,
    bool ShippingAddressUsedBefore);

public interface IOrderHistory
{
    /// <summary>The order's member's and payment token's other orders before it (see <see cref="FraudSignals"/> for what each count means).</summary>
    Task<OrderHistory> ForAsync(Order order, CancellationToken cancellationToken);
}

public sealed record FraudResult(string Decision, int Score, IReadOnlyList<string> Reasons);

/// <summary>
/// The fraud step: gathers the signals, scores them against the configured thresholds, keeps the
/// assessment with the order (an analyst reviewing a held order sees why), answers the decision.
/// </summary>
public sealed class CheckOrderForFraud(
    IOrderStore orders, IOrderHistory history, IUserStore users, AssessFraud assess, FraudThresholds thresholds, IFraudAssessments assessments,
    ICheckoutFaults faults, TimeProvider time)
{
    public async Task<FraudResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var order = await orders.ActiveAsync(input.OrderId, cancellationToken);
        await faults.ApplyAsync(ShopNames.Handlers.CheckoutAssessFraud, order, cancellationToken);
        var past = await history.ForAsync(order, cancellationToken);
        var profile = await users.GetAsync(order.MemberId, cancellationToken);
        var assessment = assess.Assess(new FraudSignals(
            order.Id, order.MemberId, order.Totals.Total, order.Totals.Currency, order.Payment.Token, order.CreatedAt,
            profile?.CreatedAt ?? order.CreatedAt,
            past.MemberOrdersLastHour, past.MemberOrdersLastDay, past.TokenOrdersLastDay, past.TokenMembersLastDay,
            past.MemberAverageOrderAmount, past.MemberCompletedOrders,
            order.ShippingAddress.Country, BillingCountry: null, IpCountry: null, past.ShippingAddressUsedBefore), thresholds);
        await assessments.RecordAsync(order.Id, assessment, time.GetUtcNow(), cancellationToken);
        return new FraudResult(assessment.Decision.ToString().ToLowerInvariant(), assessment.Score, assessment.Reasons.Select(r => r.Code).ToList());
    }
}

/// <summary>
/// The payment step's result. <see cref="Status"/> is a <see cref="PaymentStatuses"/> name, or
/// <see cref="NotRequired"/> for an order with nothing to pay; <see cref="WaitSeconds"/> bounds the
/// wait for the shopper or their bank when the status is pending.
/// </summary>
public sealed record PaymentResult(string Status, string? PaymentId = null, string? DeclineCode = null, int WaitSeconds = 0)
{
    public const string NotRequired = "not_required";
}

/// <summary>
/// Authorizes the order's total with the shopper's token, once: the provider call carries the
/// key <c>&lt;order&gt;:authorize</c> and the payment is recorded with the order, so a retried
/// step answers the first result. A payment that waits for the shopper (3-D Secure) or their bank
/// moves the order to <c>awaiting_payment_action</c>.
/// </summary>
public sealed class AuthorizeOrderPayment(
    IOrderStore orders, IOrderPayments payments, IPaymentGateway gateway, ICheckoutFaults faults, CheckoutTimeouts timeouts, TimeProvider time)
{
    public async Task<PaymentResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var order = await orders.ActiveAsync(input.OrderId, cancellationToken);
        var fault = await faults.ForAsync(order, cancellationToken);
        await faults.ApplyAsync(ShopNames.Handlers.CheckoutAuthorizePayment, order, cancellationToken);
        if (order.Totals.Total == 0)
        {
            return new PaymentResult(PaymentResult.NotRequired);
        }
        var payment = await payments.FindAsync(order.Id, cancellationToken);
        if (payment is null)
        {
            var authorization = await gateway.AuthorizeAsync(new AuthorizePayment(
                order.Id, order.Payment.Method, order.Payment.Token, order.Totals.Total, order.Totals.Currency, $"{order.Id}:authorize"), cancellationToken);
            payment = await payments.AddAsync(new OrderPayment(order.Id, authorization.PaymentId, order.Payment.Method, authorization.Status,
                order.Totals.Total, order.Totals.Currency, authorization.DeclineCode), time.GetUtcNow(), cancellationToken);
        }
        var wait = 0;
        if (payment.Status.IsPending())
        {
            var reason = payment.Status == PaymentStatus.AwaitingTransfer ? "waiting for the bank transfer" : "waiting for the shopper's 3-D Secure confirmation";
            await orders.TransitionAsync(order.Id, [OrderStatus.Pending], OrderStatus.AwaitingPaymentAction, reason, time.GetUtcNow(), cancellationToken);
            wait = fault?.PaymentWaitSeconds ?? (int)timeouts.PaymentWaitFor(order.Payment.Method).TotalSeconds;
        }
        return new PaymentResult(payment.Status.Name(), payment.PaymentId, payment.DeclineCode, wait);
    }
}

/// <summary>What a waiting step hands the state machine's task token to: the order and what it waits for.</summary>
public sealed record CallbackRequest(string OrderId, string Kind, string TaskToken);

/// <summary>
/// A waiting step (<c>.waitForTaskToken</c>): keeps the token where the callback will look for it.
/// The outcome may have come before the token was kept (a fast webhook, a cancel): the step then
/// answers the state machine itself. Either this step or the callback takes the token, never both.
/// </summary>
public sealed class AwaitCheckoutCallback(
    IOrderStore orders, ICheckoutCallbacks callbacks, ICheckoutSignals signals, IOrderPayments payments, IShipmentStore shipments, TimeProvider time)
{
    public async Task<CallbackOutcome> HandleAsync(CallbackRequest request, CancellationToken cancellationToken)
    {
        if (!CallbackKinds.All.Contains(request.Kind))
        {
            throw new ArgumentException($"Unknown callback kind '{request.Kind}'.", nameof(request));
        }
        await callbacks.SaveAsync(request.OrderId, request.Kind, request.TaskToken, time.GetUtcNow(), cancellationToken);
        var order = await orders.FindAsync(request.OrderId, cancellationToken) ?? throw new NotFoundException($"No order {request.OrderId}.");
        if (order.Status == OrderStatus.Cancelled)
        {
            await CheckoutCallbacks.FailCancelledAsync(callbacks, signals, order.Id, request.Kind, cancellationToken);
            return new CallbackOutcome(OrderStatus.Cancelled.Name());
        }
        var outcome = request.Kind switch
        {
            CallbackKinds.Payment => await payments.FindAsync(order.Id, cancellationToken) is { } payment && !payment.Status.IsPending()
                ? new CallbackOutcome(payment.Status.Name()) : null,
            CallbackKinds.Shipment => await shipments.FindByOrderAsync(order.Id, cancellationToken) is { } shipment && ShipmentStatuses.HasLeft(shipment.Status)
                ? new CallbackOutcome(ShipmentStatuses.Shipped) : null,
            _ => null,
        };
        if (outcome is not null)
        {
            await CheckoutCallbacks.SucceedAsync(callbacks, signals, order.Id, request.Kind, outcome, cancellationToken);
        }
        return outcome ?? new CallbackOutcome("waiting");
    }
}

/// <summary>
/// Answering a waiting step: the token is taken first, so of two that race for it only one answers.
/// An answer that cannot be delivered (Step Functions unreachable, the function stopped) puts the
/// token back before the error goes on, so the retry (the provider's webhook redelivery, the
/// warehouse's, the analyst's) finds the step still waiting instead of a wait nobody can end.
/// </summary>
public static class CheckoutCallbacks
{
    /// <summary>Answers the step waiting for <paramref name="kind"/> with <paramref name="outcome"/>; false when no step waits.</summary>
    public static Task<bool> SucceedAsync(
        ICheckoutCallbacks callbacks, ICheckoutSignals signals, string orderId, string kind, CallbackOutcome outcome, CancellationToken cancellationToken) =>
        AnswerAsync(callbacks, orderId, kind, token => signals.SucceedAsync(token, outcome, cancellationToken), cancellationToken);

    /// <summary>Fails the step waiting for <paramref name="kind"/>, if one does, with <see cref="OrderCancelledException"/>: the state machine compensates.</summary>
    public static Task<bool> FailCancelledAsync(ICheckoutCallbacks callbacks, ICheckoutSignals signals, string orderId, string kind, CancellationToken cancellationToken) =>
        AnswerAsync(callbacks, orderId, kind,
            token => signals.FailAsync(token, nameof(OrderCancelledException), $"Order {orderId} was cancelled.", cancellationToken), cancellationToken);

    private static async Task<bool> AnswerAsync(ICheckoutCallbacks callbacks, string orderId, string kind, Func<string, Task> answer, CancellationToken cancellationToken)
    {
        if (await callbacks.TakeAsync(orderId, kind, cancellationToken) is not { } token)
        {
            return false;
        }
        try
        {
            await answer(token);
        }
        catch
        {
            await callbacks.RestoreAsync(orderId, kind, token, CancellationToken.None);
            throw;
        }
        return true;
    }
}

/// <summary>The confirm step: the held units become sold and the order <c>confirmed</c>, each once.</summary>
public sealed class ConfirmOrder(IOrderStore orders, IInventoryStore inventory, ICheckoutFaults faults, TimeProvider time)
{
    public async Task<OrderStatusResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var order = await orders.ActiveAsync(input.OrderId, cancellationToken);
        await faults.ApplyAsync(ShopNames.Handlers.CheckoutConfirmOrder, order, cancellationToken);
        var now = time.GetUtcNow();
        await inventory.CommitAsync(input.OrderId, now, cancellationToken);
        if (!await orders.TransitionAsync(input.OrderId, [OrderStatus.Pending, OrderStatus.AwaitingPaymentAction], OrderStatus.Confirmed, "payment authorized", now, cancellationToken))
        {
            // Cancelled between the read and the change: the units go back with the compensation.
            order = await orders.ActiveAsync(input.OrderId, cancellationToken);
        }
        return new OrderStatusResult(order.Id, OrderStatus.Confirmed.Name());
    }
}

public sealed record OrderStatusResult(string OrderId, string Status);

public sealed record ShipmentResult(string ShipmentId, string Location);

/// <summary>Creates the order's shipment at the location that serves its destination, once.</summary>
public sealed class CreateOrderShipment(IOrderStore orders, IShipmentStore shipments, FulfillmentLocations locations, ICheckoutFaults faults, TimeProvider time)
{
    public async Task<ShipmentResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var order = await orders.ActiveAsync(input.OrderId, cancellationToken);
        await faults.ApplyAsync(ShopNames.Handlers.CheckoutCreateShipment, order, cancellationToken);
        var location = locations.PickFor(order.ShippingAddress.Country);
        var shipment = await shipments.CreateAsync(order.Id, location.Id, time.GetUtcNow(), cancellationToken);
        return new ShipmentResult(shipment.Id, shipment.Location);
    }
}

/// <summary>
/// Takes the authorized amount once the goods have left (key <c>&lt;order&gt;:capture</c>). A bank
/// transfer is captured when it arrives, and an order with nothing to pay has no payment: nothing to do.
/// </summary>
public sealed class CaptureOrderPayment(IOrderStore orders, IOrderPayments payments, IPaymentGateway gateway, ICheckoutFaults faults, TimeProvider time)
{
    public async Task<PaymentResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(input.OrderId, cancellationToken) ?? throw new NotFoundException($"No order {input.OrderId}.");
        await faults.ApplyAsync(ShopNames.Handlers.CheckoutCapturePayment, order, cancellationToken);
        var payment = await payments.FindAsync(order.Id, cancellationToken);
        if (payment is null)
        {
            return new PaymentResult(PaymentResult.NotRequired);
        }
        if (payment.Status == PaymentStatus.Authorized)
        {
            var captured = await gateway.CaptureAsync(payment.PaymentId, payment.Amount, $"{order.Id}:capture", cancellationToken);
            await payments.UpdateStatusAsync(order.Id, PaymentStatus.Authorized, captured.Status, null, time.GetUtcNow(), cancellationToken);
            payment = payment with { Status = captured.Status };
        }
        // Anything else but captured (voided, refunded) cannot be taken any more: the state machine fails for an operator to see.
        PaymentTransitions.EnsureCaptured(payment.PaymentId, payment.Status);
        return new PaymentResult(payment.Status.Name(), payment.PaymentId);
    }
}

/// <summary>Why a checkout ends without a confirmed order, and the status it ends in.</summary>
public sealed record CompensationInput(string OrderId, string Reason, string? FinalStatus = null);

/// <summary>
/// Every failure path's compensation, each part idempotent so the state machine (and a member's
/// cancel) may run it again: the order ends <c>failed</c> or <c>cancelled</c>, the stock goes back
/// once (a hold released, or units already sold restocked), the payment is voided or, if taken,
/// refunded once. Nothing is undone once the goods have left: a shipped order keeps its stock and payment.
/// </summary>
public sealed class CompensateCheckout(
    IOrderStore orders, IInventoryStore inventory, IOrderPayments payments, IPaymentGateway gateway, TimeProvider time)
{
    public async Task<OrderStatusResult> HandleAsync(CompensationInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var final = input.FinalStatus == OrderStatus.Cancelled.Name() ? OrderStatus.Cancelled : OrderStatus.Failed;
        var reason = input.Reason.Length > 200 ? input.Reason[..200] : input.Reason;
        await orders.TransitionAsync(input.OrderId, [OrderStatus.Pending, OrderStatus.AwaitingPaymentAction, OrderStatus.Confirmed], final, reason, now, cancellationToken);
        var order = await orders.FindAsync(input.OrderId, cancellationToken) ?? throw new NotFoundException($"No order {input.OrderId}.");
        if (order.Status is not (OrderStatus.Cancelled or OrderStatus.Failed))
        {
            return new OrderStatusResult(order.Id, order.Status.Name());
        }
        if (!await inventory.ReleaseAsync(order.Id, now, cancellationToken))
        {
            await inventory.RestockAsync(order.Id, now, cancellationToken);
        }
        await ReturnPaymentAsync(order.Id, now, cancellationToken);
        return new OrderStatusResult(order.Id, order.Status.Name());
    }

    private async Task ReturnPaymentAsync(string orderId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var payment = await payments.FindAsync(orderId, cancellationToken);
        if (payment is null)
        {
            return;
        }
        // The provider may know more than the record (a webhook not yet applied): act on its status.
        var current = (await gateway.GetAsync(payment.PaymentId, cancellationToken)).Status;
        PaymentAuthorization? result = null;
        if (PaymentTransitions.CanVoid(current))
        {
            result = await gateway.VoidAsync(payment.PaymentId, $"{orderId}:void", cancellationToken);
        }
        else if (PaymentTransitions.CanRefund(current))
        {
            result = await gateway.RefundAsync(payment.PaymentId, payment.Amount, $"{orderId}:refund", cancellationToken);
        }
        var status = result?.Status ?? current;
        if (status != payment.Status)
        {
            await payments.UpdateStatusAsync(orderId, payment.Status, status, payment.DeclineCode, now, cancellationToken);
        }
    }
}

/// <summary>
/// The safety net under the saga's own timeouts, run on a schedule: a hold still held past its
/// expiry belongs to a checkout that stopped without ending (an execution stopped or timed out, a
/// compensation that gave up). Every wait before confirmation ends sooner than a hold
/// (<see cref="CheckoutTimeouts.HoldFor"/>), so such an order is cancelled with
/// <see cref="Reason"/>: its stock goes back once, its payment is voided, a step still waiting is
/// failed. The order is cancelled before its stock is released, so a confirmation that got there
/// first (its hold committed) leaves the order alone, and one that comes later finds it cancelled.
/// </summary>
public sealed class ExpireCheckoutHolds(
    IOrderStore orders, IInventoryStore inventory, CompensateCheckout compensate, ICheckoutCallbacks callbacks, ICheckoutSignals signals, TimeProvider time)
{
    public const int BatchSize = 25;
    public const string Reason = "hold expired";

    /// <summary>Cancels the orders of expired holds in batches until none is left or <paramref name="until"/> passes; answers how many.</summary>
    public async Task<int> HandleAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        var cancelled = 0;
        while (time.GetUtcNow() < until)
        {
            var expired = await inventory.ExpiredAsync(time.GetUtcNow(), BatchSize, cancellationToken);
            var ended = 0;
            foreach (var orderId in expired)
            {
                cancelled += await ExpireAsync(orderId, cancellationToken) ? 1 : 0;
                ended += await inventory.FindAsync(orderId, cancellationToken) is { Status: not HoldStatus.Held } ? 1 : 0;
            }
            // A hold this run cannot end (its order confirmed in the meantime) would come back in every batch.
            if (expired.Count < BatchSize || ended == 0)
            {
                break;
            }
        }
        return cancelled;
    }

    /// <summary>True if this call cancelled the order; an order already ended (a sweep that stopped halfway) is only given its stock and payment back.</summary>
    private async Task<bool> ExpireAsync(string orderId, CancellationToken cancellationToken)
    {
        var cancelled = await orders.TransitionAsync(orderId, [OrderStatus.Pending, OrderStatus.AwaitingPaymentAction], OrderStatus.Cancelled, Reason, time.GetUtcNow(), cancellationToken);
        var order = await orders.FindAsync(orderId, cancellationToken);
        if (order is not { Status: OrderStatus.Cancelled or OrderStatus.Failed })
        {
            return false;
        }
        await compensate.HandleAsync(new CompensationInput(orderId, Reason, OrderStatus.Cancelled.Name()), cancellationToken);
        foreach (var kind in CallbackKinds.All)
        {
            await CheckoutCallbacks.FailCancelledAsync(callbacks, signals, orderId, kind, cancellationToken);
        }
        return cancelled;
    }
}
