using Shop.Core.Common;
using Shop.Core.Orders;

namespace Shop.Core.Notifications;

/// <summary>An in-app message to a member. Its id is the id of the event that caused it, so an event notifies once.</summary>
public sealed record Notification(string Id, string MemberId, string Type, string Title, string? OrderId, DateTimeOffset CreatedAt);

public interface INotificationStore
{
    /// <summary>Adds the notification unless one with its id exists; answers whether it was added.</summary>
    Task<bool> AddAsync(Notification notification, CancellationToken cancellationToken);

    /// <summary>A member's notifications, newest first.</summary>
    Task<Page<Notification>> ListAsync(string memberId, PageRequest page, CancellationToken cancellationToken);
}

/// <summary>
/// Turns an order event into the member's in-app notification. Events arrive at least once (the
/// outbox relay may publish twice, the queue may deliver twice): the event id makes the second
/// arrival a no-op.
/// </summary>
public sealed class NotifyOrderEvent(INotificationStore notifications)
{
    public Task<bool> HandleAsync(OrderEvent orderEvent, CancellationToken cancellationToken) =>
        notifications.AddAsync(new Notification(
            orderEvent.EventId.ToString(), orderEvent.MemberId, orderEvent.Type, Title(orderEvent), orderEvent.OrderId, orderEvent.OccurredAt), cancellationToken);

    private static string Title(OrderEvent orderEvent) => orderEvent.Type switch
    {
        OrderEventTypes.OrderPlaced => $"We received your order {orderEvent.OrderId}.",
        OrderEventTypes.ShipmentUpdated => $"Your order {orderEvent.OrderId} is being prepared: {orderEvent.Status}.",
        _ => $"Your order {orderEvent.OrderId} is now {orderEvent.Status.Replace('_', ' ')}.",
    };
}

public sealed class ListNotifications(INotificationStore notifications)
{
    public Task<Page<Notification>> HandleAsync(string memberId, PageRequest page, CancellationToken cancellationToken) =>
        notifications.ListAsync(memberId, page, cancellationToken);
}
