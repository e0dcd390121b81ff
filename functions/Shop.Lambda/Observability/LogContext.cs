namespace Shop.Lambda.Observability;

/// <summary>
/// The request id and correlation id of the work in progress, flowing with async calls, so every
/// log line and metric record written for it carries both without passing them around.
/// </summary>
public static class LogContext
{
    private static readonly AsyncLocal<Ids?> Current = new();

    public static string? RequestId => Current.Value?.RequestId;
    public static string? CorrelationId => Current.Value?.CorrelationId ?? Current.Value?.RequestId;

    public static IDisposable Begin(string requestId, string? correlationId)
    {
        var previous = Current.Value;
        Current.Value = new Ids(requestId, correlationId);
        return new Restore(previous);
    }

    /// <summary>Sets the correlation id once it is known (read from a header or an event field).</summary>
    public static void SetCorrelationId(string correlationId)
    {
        var ids = Current.Value;
        Current.Value = ids is null ? new Ids(correlationId, correlationId) : ids with { CorrelationId = correlationId };
    }

    private sealed record Ids(string RequestId, string? CorrelationId);

    private sealed class Restore(Ids? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
