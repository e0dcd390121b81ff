namespace Shop.Lambda.Runtime;

/// <summary>What the Runtime API tells a function about the invocation it is handling.</summary>
public sealed class LambdaContext
{
    public LambdaContext(
        string requestId,
        DateTimeOffset deadline,
        string invokedFunctionArn,
        string? traceId = null,
        string? clientContext = null,
        string? cognitoIdentity = null,
        TimeProvider? time = null)
    {
        RequestId = requestId;
        Deadline = deadline;
        InvokedFunctionArn = invokedFunctionArn;
        TraceId = traceId;
        ClientContext = clientContext;
        CognitoIdentity = cognitoIdentity;
        Time = time ?? TimeProvider.System;
    }

    public string RequestId { get; }
    public DateTimeOffset Deadline { get; }
    public string InvokedFunctionArn { get; }

    /// <summary>The X-Ray trace header (<c>Lambda-Runtime-Trace-Id</c>), when tracing is on.</summary>
    public string? TraceId { get; }

    public string? ClientContext { get; }
    public string? CognitoIdentity { get; }

    private TimeProvider Time { get; }

    public TimeSpan RemainingTime
    {
        get
        {
            var left = Deadline - Time.GetUtcNow();
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>A context for code that runs outside Lambda (tests, Kestrel hosting).</summary>
    public static LambdaContext ForLocalCall(string requestId, TimeSpan timeout) =>
        new(requestId, DateTimeOffset.UtcNow + timeout, "arn:aws:lambda:local:000000000000:function:local");
}
