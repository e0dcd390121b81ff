namespace Shop.Core.Orders;

/// <summary>
/// Publishes order events from the outbox: an <c>OrderPlaced</c> first starts the order's checkout
/// execution (named by the order id, so a second start is a no-op), then every event goes to the
/// order-events queue. Right after an order commits its own events are published at once; the
/// scheduled relay publishes whatever that missed (a failed call, a process that died).
/// Delivery is at least once: consumers de-duplicate by event id.
/// </summary>
public sealed class RelayOrderEvents(IOrderOutbox outbox, IOrderEventPublisher publisher, ICheckoutWorkflow checkout)
{
    public const int BatchSize = 25;

    /// <summary>The fast path right after an order commits: publishes that order's events now.</summary>
    public Task PublishOrderAsync(string orderId, CancellationToken cancellationToken) =>
        outbox.RelayAsync(orderId, BatchSize, PublishAsync, cancellationToken);

    /// <summary>Publishes pending events in batches until none is left or <paramref name="until"/> passes; answers how many.</summary>
    public async Task<int> RelayPendingAsync(DateTimeOffset until, TimeProvider time, CancellationToken cancellationToken)
    {
        var total = 0;
        while (time.GetUtcNow() < until)
        {
            var published = await outbox.RelayAsync(null, BatchSize, PublishAsync, cancellationToken);
            total += published;
            if (published < BatchSize)
            {
                break;
            }
        }
        return total;
    }

    private async Task PublishAsync(OrderEvent orderEvent, CancellationToken cancellationToken)
    {
        if (orderEvent.Type == OrderEventTypes.OrderPlaced)
        {
            await checkout.StartAsync(orderEvent.OrderId, cancellationToken);
        }
        await publisher.PublishAsync(orderEvent, cancellationToken);
    }
}
