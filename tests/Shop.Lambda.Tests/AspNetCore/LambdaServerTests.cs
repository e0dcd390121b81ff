using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Shop.Lambda.AspNetCore;
using Shop.Lambda.Events;
using Shop.Lambda.Runtime;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.AspNetCore;

/// <summary>The whole wiring: host → LambdaServer → the real LambdaRuntimeLoop → a fake Runtime API over HTTP.</summary>
public sealed class LambdaServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private static HttpApiResponse Response(InvocationOutcome outcome)
    {
        Assert.Equal("response", outcome.Kind);
        return JsonSerializer.Deserialize(outcome.Body, LambdaEventsJsonContext.Default.HttpApiResponse)!;
    }

    private static byte[] Event(string rawPath) =>
        JsonSerializer.SerializeToUtf8Bytes(ApiGateway.ToEvent(new HttpCall("GET", rawPath)), LambdaEventsJsonContext.Default.HttpApiRequest);

    [Fact]
    public async Task ReportsMalformedEventAndServesTheNext_WhenRunByTheRuntimeLoop()
    {
        await using var runtime = await FakeRuntimeApi.StartAsync();
        await using var app = TestApi.Build(builder => builder.UseLambdaServer(runtime.Address));
        await app.StartAsync();

        var malformed = runtime.Enqueue("""{"version":"2.0","rawPath":"""u8.ToArray(), "req-malformed");
        var health = runtime.Enqueue(EventFiles.Read("health-get-apigw.json"), "req-health");
        var correlation = runtime.Enqueue(Event("/correlation"), "req-correlation");

        var error = await malformed.WaitAsync(Patience);
        Assert.Equal("error", error.Kind);
        Assert.Equal(nameof(InvalidEventException), error.ErrorType);
        Assert.Contains("\"errorType\":\"InvalidEventException\"", error.Body);

        var ok = Response(await health.WaitAsync(Patience));
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("ok", ok.Body);
        Assert.Equal("YxPq3jKoIAMEbQw=", ok.Headers!.Single(h => h.Key.Equals(CorrelationIds.HeaderName, StringComparison.OrdinalIgnoreCase)).Value);

        // Inside the loop the log context carries the Lambda request id, not API Gateway's.
        var ids = JsonSerializer.Deserialize<CorrelationReply>(Response(await correlation.WaitAsync(Patience)).Body!, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal("req-correlation", ids.RequestId);
        await app.StopAsync();
    }

    [Fact]
    public async Task FinishesCurrentInvocationAndTakesNoMore_WhenHostStops()
    {
        var probe = new TestApi.Probe();
        await using var runtime = await FakeRuntimeApi.StartAsync();
        await using var app = TestApi.Build(builder => builder.UseLambdaServer(runtime.Address), probe);
        await app.StartAsync();
        var slow = runtime.Enqueue(Event("/slow"), "req-slow");
        var next = runtime.Enqueue(Event("/health"), "req-next");
        await probe.Entered.Task.WaitAsync(Patience);

        var stopping = app.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted, "Stopping must wait for the invocation in hand.");
        probe.Gate.SetResult();

        var finished = Response(await slow.WaitAsync(Patience));
        await stopping.WaitAsync(Patience);
        Assert.Equal("finished", finished.Body);
        Assert.Equal(1, runtime.Taken);
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task StopsPromptly_WhenIdleInTheLongPoll()
    {
        await using var runtime = await FakeRuntimeApi.StartAsync();
        await using var app = TestApi.Build(builder => builder.UseLambdaServer(runtime.Address));
        await app.StartAsync();
        var served = runtime.Enqueue(Event("/health"), "req-1");
        await served.WaitAsync(Patience);

        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, runtime.Taken);
    }

    [Fact]
    public async Task StopsReportingInitErrors_WhenHostHasStarted()
    {
        var exits = new List<int>();
        await using var runtime = await FakeRuntimeApi.StartAsync();
        using var http = new HttpClient();
        var reporter = new LambdaInitErrorReporter(new RuntimeApiClient(http, runtime.Address), exits.Add);
        await using var app = TestApi.Build(builder =>
        {
            builder.Services.AddSingleton(reporter);
            builder.UseLambdaServer(runtime.Address);
        });
        await app.StartAsync();

        var reported = reporter.Report(new InvalidOperationException("after start"));

        Assert.False(reported);
        Assert.Empty(exits);
        Assert.False(runtime.InitError.IsCompleted);
        await app.StopAsync();
    }
}
