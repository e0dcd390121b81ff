using Shop.Core.Orders;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Workers.Orders;

public sealed record RelayReport(int Published, int ExpiredKeysPurged);

/// <summary>
/// The outbox relay, run every minute: publishes every order event the Api did not publish right
/// after its commit (a failed call, a process that died between commit and publish), then forgets
/// idempotency keys past their 24 hours. It stops well before the invocation's deadline.
/// </summary>
public sealed class RelayOrderOutboxHandler(RelayOrderEvents relay, IOrderStore orders, TimeProvider time, IMetrics metrics)
    : JsonLambdaHandler<ScheduledEvent, RelayReport>(WorkersJsonContext.Default.ScheduledEvent, WorkersJsonContext.Default.RelayReport)
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    protected override async Task<RelayReport> HandleAsync(ScheduledEvent input, LambdaContext context, CancellationToken cancellationToken)
    {
        var published = await relay.RelayPendingAsync(context.Deadline - Margin, time, cancellationToken);
        var purged = await orders.PurgeExpiredKeysAsync(time.GetUtcNow(), cancellationToken);
        metrics.Add("OrderEventsRelayed", published);
        return new RelayReport(published, purged);
    }
}
