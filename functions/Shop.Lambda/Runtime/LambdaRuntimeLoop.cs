using Microsoft.Extensions.Logging;
using Shop.Lambda.Observability;

namespace Shop.Lambda.Runtime;

/// <summary>
/// The custom-runtime loop: take the next invocation, run the handler, post its response or its
/// error, repeat until the process is asked to stop. A handler failure is reported for that
/// invocation and the loop goes on; only losing the Runtime API itself ends the loop.
/// </summary>
public sealed class LambdaRuntimeLoop
{
    private const string TraceEnvironmentVariable = "_X_AMZN_TRACE_ID";

    private readonly RuntimeApiClient _runtime;
    private readonly ILambdaHandler _handler;
    private readonly ILogger _log;
    private readonly MetricsFlusher? _metrics;

    public LambdaRuntimeLoop(RuntimeApiClient runtime, ILambdaHandler handler, ILogger log, MetricsFlusher? metrics = null)
    {
        _runtime = runtime;
        _handler = handler;
        _log = log;
        _metrics = metrics;
    }

    /// <summary>Runs until <paramref name="stopping"/> is cancelled. An invocation already taken is finished first.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Invocation invocation;
            try
            {
                invocation = await _runtime.NextAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            // The invocation is owned now: finish it even if shutdown starts meanwhile.
            await HandleAsync(invocation);
        }
    }

    /// <summary>Handles one invocation and reports its outcome to the Runtime API.</summary>
    public async Task HandleAsync(Invocation invocation)
    {
        var context = invocation.Context;
        Environment.SetEnvironmentVariable(TraceEnvironmentVariable, context.TraceId);
        using var scope = LogContext.Begin(context.RequestId, correlationId: null);
        using var deadline = new CancellationTokenSource(context.RemainingTime);

        ReadOnlyMemory<byte> response;
        try
        {
            response = await _handler.InvokeAsync(invocation.Payload, context, deadline.Token);
        }
        catch (Exception error)
        {
            if (error is InvalidEventException)
            {
                _log.LogWarning(error, "Rejected a malformed event: {Reason}", error.Message);
            }
            else
            {
                _log.LogError(error, "The handler failed: {Reason}", error.Message);
            }
            _metrics?.Flush();
            await _runtime.SendErrorAsync(context.RequestId, error, CancellationToken.None);
            return;
        }

        _metrics?.Flush();
        try
        {
            await _runtime.SendResponseAsync(context.RequestId, response, CancellationToken.None);
        }
        catch (HttpRequestException error) when (error.StatusCode == System.Net.HttpStatusCode.RequestEntityTooLarge)
        {
            // Lambda refuses responses over 6 MB; that fails this invocation, not the function.
            var tooLarge = new ResponseTooLargeException($"The response ({response.Length} bytes) is larger than Lambda accepts.");
            _log.LogError(tooLarge, "{Reason}", tooLarge.Message);
            await _runtime.SendErrorAsync(context.RequestId, tooLarge, CancellationToken.None);
        }
    }
}

public sealed class ResponseTooLargeException(string message) : Exception(message);
