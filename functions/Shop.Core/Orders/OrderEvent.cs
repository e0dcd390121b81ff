namespace Shop.Core.Orders;

/// <summary>What happened to an order, as the outbox carries it to the order-events queue. <see cref="EventId"/> lets consumers apply it once.</summary>
public sealed record OrderEvent(
    Guid EventId,
    string Type,
    string OrderId,
    string MemberId,
    string Status,
    long Total,
    string Currency,
    DateTimeOffset OccurredAt);

public static class OrderEventTypes
{
    /// <summary>An order was accepted (pending): its checkout execution starts from this event.</summary>
    public const string OrderPlaced = "OrderPlaced";

    /// <summary>The order moved to another status (<see cref="OrderEvent.Status"/>); the notifier tells the member.</summary>
    public const string OrderStatusChanged = "OrderStatusChanged";

    /// <summary>The order's shipment was picked or packed (<see cref="OrderEvent.Status"/>); shipped and delivered are status changes.</summary>
    public const string ShipmentUpdated = "ShipmentUpdated";
}
