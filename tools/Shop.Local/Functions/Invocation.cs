using System.Text;
using System.Text.Json;

namespace Shop.Local.Functions;

/// <summary>The outcome of one invocation, as the Lambda Invoke API reports it.</summary>
public sealed record InvocationResult(ReadOnlyMemory<byte> Payload, string? FunctionError, string RequestId)
{
    public bool Succeeded => FunctionError is null;

    public static InvocationResult Success(string requestId, ReadOnlyMemory<byte> payload) => new(payload, null, requestId);

    /// <summary>A function error: the payload is the error document the runtime (or the platform) wrote.</summary>
    public static InvocationResult Error(string requestId, ReadOnlyMemory<byte> document) => new(document, "Unhandled", requestId);

    public static InvocationResult PlatformError(string requestId, string errorType, string message) =>
        Error(requestId, ErrorDocument(errorType, message));

    public static byte[] ErrorDocument(string errorType, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorType", errorType);
            json.WriteString("errorMessage", message);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public string PayloadText => Encoding.UTF8.GetString(Payload.Span);
}

/// <summary>An invocation waiting for, or being handled by, a function instance.</summary>
internal sealed class PendingInvocation(ReadOnlyMemory<byte> payload, string? traceId, string? clientContext)
{
    private readonly TaskCompletionSource<InvocationResult> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state; // 0 queued, 1 taken by an instance, 2 withdrawn by its caller

    public string RequestId { get; } = Guid.NewGuid().ToString();
    public ReadOnlyMemory<byte> Payload { get; } = payload;
    public string TraceId { get; } = traceId ?? NewTraceId();
    public string? ClientContext { get; } = clientContext;
    public DateTimeOffset Deadline { get; set; }
    public Task<InvocationResult> Outcome => _outcome.Task;

    /// <summary>The first outcome wins: a late response after a timeout is ignored, as Lambda does.</summary>
    public bool TryComplete(InvocationResult result) => _outcome.TrySetResult(result);

    /// <summary>An instance takes the invocation, unless its caller withdrew it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

    /// <summary>The caller gives up on the invocation while it still waits for an instance; one already taken runs on.</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

    private static string NewTraceId()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8");
        return $"Root=1-{epoch}-{Guid.NewGuid():N}"[..40] + ";Sampled=0";
    }
}
