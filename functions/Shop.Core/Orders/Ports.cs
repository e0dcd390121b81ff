using Shop.Core.Common;

namespace Shop.Core.Orders;

/// <summary>A client's key for one POST /orders, scoped to the member who sent it.</summary>
public sealed record IdempotencyKey(string MemberId, string Key)
{
    public const int MaxLength = 255;

    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>How long a request holds its key before another with the same key may take over (the first one died).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
}

/// <summary>What claiming an idempotency key found.</summary>
public abstract record IdempotencyClaim
{
    /// <summary>The key is new (or its previous holder died): this request does the work, holding <paramref name="Lease"/>.</summary>
    public sealed record Acquired(Guid Lease) : IdempotencyClaim;

    /// <summary>The key's request completed before: answer with the order it placed, as it was then.</summary>
    public sealed record Completed(Order Order) : IdempotencyClaim;

    /// <summary>The key was used with a different request body.</summary>
    public sealed record Mismatch : IdempotencyClaim;

    /// <summary>A request with this key is being worked on right now.</summary>
    public sealed record InFlight : IdempotencyClaim;
}

/// <summary>A promotion an order uses and the limits its use is checked against, in the order's transaction.</summary>
public sealed record PromotionRedemption(string Code, int? TotalLimit, int? PerMemberLimit);

/// <summary>Redeeming the code would exceed its total or per-member limit (another order took the last use).</summary>
public sealed class PromotionLimitReachedException(string code) : Exception($"Promotion {code} has reached its usage limit.")
{
    public string Code { get; } = code;
}

/// <summary>Orders, their idempotency keys and their outbox, in one transactional store.</summary>
public interface IOrderStore
{
    /// <summary>Claims the key for a request with this body hash, or says why not.</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, byte[] requestHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Lets go of a claimed key whose request placed no order, so a retry with it starts afresh.</summary>
    Task ReleaseAsync(IdempotencyKey key, Guid lease, CancellationToken cancellationToken);

    /// <summary>Forgets keys past their retention; answers how many.</summary>
    Task<int> PurgeExpiredKeysAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: writes the order, its lines and first status, the event announcing it,
    /// the redemptions of its promotions (or <see cref="PromotionLimitReachedException"/>), and
    /// completes the key with the order. If the key's lease is no longer this request's (it stalled
    /// past the lease and a retry took over), nothing is written and <see cref="ConflictException"/> is thrown.
    /// </summary>
    Task PlaceAsync(Order order, OrderEvent placed, IdempotencyKey key, Guid lease, IReadOnlyList<PromotionRedemption> redemptions, CancellationToken cancellationToken);

    Task<Order?> FindAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the order to <paramref name="to"/> if its status is one of <paramref name="from"/>, with
    /// the history entry and an <c>OrderStatusChanged</c> event in one transaction. Answers whether
    /// it moved; an order already at <paramref name="to"/>, or past it, is left as it is (a repeated step).
    /// </summary>
    Task<bool> TransitionAsync(string orderId, IReadOnlyCollection<OrderStatus> from, OrderStatus to, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>A member's orders, newest first.</summary>
    Task<Page<OrderSummary>> ListByMemberAsync(string memberId, PageRequest page, CancellationToken cancellationToken);
}

/// <summary>Order events written but not yet published, handed out so that two relays never hold the same one.</summary>
public interface IOrderOutbox
{
    /// <summary>
    /// Takes up to <paramref name="limit"/> unpublished events (of one order, or of any) that no
    /// other relay holds, passes each to <paramref name="publish"/>, and marks those it published.
    /// A relay that dies before marking leaves them unpublished: they are published again later
    /// (at least once). Answers how many were published.
    /// </summary>
    Task<int> RelayAsync(string? orderId, int limit, Func<OrderEvent, CancellationToken, Task> publish, CancellationToken cancellationToken);
}

/// <summary>The order-events queue.</summary>
public interface IOrderEventPublisher
{
    Task PublishAsync(OrderEvent orderEvent, CancellationToken cancellationToken);
}

/// <summary>The checkout saga. Starting it twice for one order starts one execution: it is named by the order id.</summary>
public interface ICheckoutWorkflow
{
    Task StartAsync(string orderId, CancellationToken cancellationToken);
}
