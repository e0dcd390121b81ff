using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Fraud;
using Shop.Core.Identity;
using Shop.Core.Inventory;
using Shop.Core.Orders;

namespace Shop.Core.Checkout;

/// <summary>What every step of the checkout state machine is given: the order, by id (the execution is named by it too).</summary>
public sealed record CheckoutInput(string OrderId);

/// <summary>Whether the order's units are held; if not, the SKU that lacked them.</summary>
public sealed record ReservationResult(bool Reserved, string? Sku = null, int Available = 0);

/// <summary>
/// The saga's first step: takes all of the order's units from stock or none. A repeated step
/// answers the hold it made before. "Not enough stock" is an outcome (the state machine branches
/// on it), not an error; errors are what Step Functions retries.
/// </summary>
public sealed class ReserveOrderStock(IOrderStore orders, IInventoryStore inventory, TimeProvider time)
{
    /// <summary>Longer than the longest wait for a payment action, so a hold outlives its order's wait.</summary>
    public static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(45);

    public async Task<ReservationResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(input.OrderId, cancellationToken) ?? throw new NotFoundException($"No order {input.OrderId}.");
        var now = time.GetUtcNow();
        try
        {
            var hold = await inventory.HoldAsync(order.Id, order.Lines.Select(l => new HoldLine(l.Sku, l.ProductId, l.Quantity)).ToList(), now, now + HoldFor, cancellationToken);
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

/// <summary>The fraud step: gathers the signals, scores them against the configured thresholds, answers the decision.</summary>
public sealed class CheckOrderForFraud(IOrderStore orders, IOrderHistory history, IUserStore users, AssessFraud assess, FraudThresholds thresholds)
{
    public async Task<FraudResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(input.OrderId, cancellationToken) ?? throw new NotFoundException($"No order {input.OrderId}.");
        var past = await history.ForAsync(order, cancellationToken);
        var profile = await users.GetAsync(order.MemberId, cancellationToken);
        var assessment = assess.Assess(new FraudSignals(
            order.Id, order.MemberId, order.Totals.Total, order.Totals.Currency, order.Payment.Token, order.CreatedAt,
            profile?.CreatedAt ?? order.CreatedAt,
            past.MemberOrdersLastHour, past.MemberOrdersLastDay, past.TokenOrdersLastDay, past.TokenMembersLastDay,
            past.MemberAverageOrderAmount, past.MemberCompletedOrders,
            order.ShippingAddress.Country, BillingCountry: null, IpCountry: null, past.ShippingAddressUsedBefore), thresholds);
        return new FraudResult(assessment.Decision.ToString().ToLowerInvariant(), assessment.Score, assessment.Reasons.Select(r => r.Code).ToList());
    }
}

/// <summary>The confirm step: the held units become sold and the order <c>confirmed</c>, each once.</summary>
public sealed class ConfirmOrder(IOrderStore orders, IInventoryStore inventory, TimeProvider time)
{
    public async Task<OrderStatusResult> HandleAsync(CheckoutInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await inventory.CommitAsync(input.OrderId, now, cancellationToken);
        await orders.TransitionAsync(input.OrderId, [OrderStatus.Pending, OrderStatus.AwaitingPaymentAction], OrderStatus.Confirmed, "payment authorized", now, cancellationToken);
        var order = await orders.FindAsync(input.OrderId, cancellationToken) ?? throw new NotFoundException($"No order {input.OrderId}.");
        return new OrderStatusResult(order.Id, order.Status.Name());
    }
}

public sealed record OrderStatusResult(string OrderId, string Status);

/// <summary>Why a checkout ends without a confirmed order, and the status it ends in.</summary>
public sealed record CompensationInput(string OrderId, string Reason, string? FinalStatus = null);

/// <summary>
/// Every failure path's compensation, each part idempotent so the state machine may run it again:
/// the hold goes back to stock (once), and the order ends <c>failed</c> (or <c>cancelled</c>).
/// </summary>
public sealed class CompensateCheckout(IOrderStore orders, IInventoryStore inventory, TimeProvider time)
{
    public async Task<OrderStatusResult> HandleAsync(CompensationInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await inventory.ReleaseAsync(input.OrderId, now, cancellationToken);
        var final = input.FinalStatus == OrderStatus.Cancelled.Name() ? OrderStatus.Cancelled : OrderStatus.Failed;
        await orders.TransitionAsync(input.OrderId, [OrderStatus.Pending, OrderStatus.AwaitingPaymentAction, OrderStatus.Confirmed], final,
            input.Reason.Length > 200 ? input.Reason[..200] : input.Reason, now, cancellationToken);
        var order = await orders.FindAsync(input.OrderId, cancellationToken) ?? throw new NotFoundException($"No order {input.OrderId}.");
        return new OrderStatusResult(order.Id, order.Status.Name());
    }
}
