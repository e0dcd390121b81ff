using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Shop.Lambda.Tests.Support;

/// <summary>The outcome a runtime posted for one invocation: a response, or an error report.</summary>
internal sealed record InvocationOutcome(string Kind, string Body, string? ErrorType);

/// <summary>
/// Just enough of the Lambda Runtime API (2018-06-01) on a loopback Kestrel: queued events are
/// handed out by /invocation/next, and /response, /error and /init/error are recorded.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";

    private readonly Channel<(string RequestId, byte[] Payload)> _queue = Channel.CreateUnbounded<(string, byte[])>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationOutcome>> _outcomes = new();
    private readonly TaskCompletionSource<InvocationOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private int _taken;

    /// <summary>The value a function would find in AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address { get; private set; } = "";

    /// <summary>How many invocations a runtime has taken from /next.</summary>
    public int Taken => Volatile.Read(ref _taken);

    public Task<InvocationOutcome> InitError => _initError.Task;

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var fake = new FakeRuntimeApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet($"{Prefix}/invocation/next", fake.NextAsync);
        app.MapPost($"{Prefix}/invocation/{{id}}/response", (string id, HttpRequest request) => fake.RecordAsync(id, "response", request));
        app.MapPost($"{Prefix}/invocation/{{id}}/error", (string id, HttpRequest request) => fake.RecordAsync(id, "error", request));
        app.MapPost($"{Prefix}/init/error", fake.RecordInitErrorAsync);
        await app.StartAsync();
        fake._app = app;
        fake.Address = new Uri(app.Urls.Single()).Authority;
        return fake;
    }

    /// <summary>Queues an event; the task completes when the runtime posts its outcome.</summary>
    public Task<InvocationOutcome> Enqueue(byte[] payload, string requestId)
    {
        var outcome = _outcomes.GetOrAdd(requestId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite((requestId, payload));
        return outcome.Task;
    }

    private async Task NextAsync(HttpContext context)
    {
        var (requestId, payload) = await _queue.Reader.ReadAsync(context.RequestAborted);
        Interlocked.Increment(ref _taken);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds();
        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = requestId;
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:000000000000:function:shop-api";
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(payload);
    }

    private async Task<IResult> RecordAsync(string requestId, string kind, HttpRequest request)
    {
        var outcome = await ReadOutcomeAsync(kind, request);
        _outcomes.GetOrAdd(requestId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(outcome);
        return Results.Accepted();
    }

    private async Task<IResult> RecordInitErrorAsync(HttpRequest request)
    {
        _initError.TrySetResult(await ReadOutcomeAsync("init-error", request));
        return Results.Accepted();
    }

    private static async Task<InvocationOutcome> ReadOutcomeAsync(string kind, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        return new InvocationOutcome(kind, body, request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
