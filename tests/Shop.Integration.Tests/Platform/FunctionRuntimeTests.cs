using System.Text;
using System.Text.Json;
using Shop.Core;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Platform;

/// <summary>Real function binaries driven through the edge's Runtime API: errors, init failures, crashes, timeouts, concurrency.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class FunctionRuntimeTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task ReportsErrorAndKeepsInstance_WhenHandlerThrows()
    {
        var function = fixture.AddTestFunction("throw");

        var first = await function.InvokeAsync("{}"u8.ToArray());
        var second = await function.InvokeAsync("{}"u8.ToArray());

        Assert.Equal("Unhandled", first.FunctionError);
        var error = JsonDocument.Parse(first.PayloadText).RootElement;
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal("the handler failed on purpose", error.GetProperty("errorMessage").GetString());
        Assert.False(error.TryGetProperty("stackTrace", out _));
        Assert.Equal("Unhandled", second.FunctionError);
        Assert.Equal(1, function.ColdStarts);
    }

    [Fact]
    public async Task RejectsMalformedEventAndServesNext_WhenEventIsNotJson()
    {
        var worker = fixture.Function(ShopNames.Handlers.SampleCountCategories);

        var malformed = await worker.InvokeAsync(Encoding.UTF8.GetBytes("this is not json"));
        var coldStartsAfterMalformed = worker.ColdStarts;
        var valid = await worker.InvokeAsync("""{"correlationId":"after-malformed"}"""u8.ToArray());

        Assert.Equal("Unhandled", malformed.FunctionError);
        Assert.Equal("InvalidEventException", JsonDocument.Parse(malformed.PayloadText).RootElement.GetProperty("errorType").GetString());
        Assert.True(valid.Succeeded, valid.PayloadText);
        Assert.Equal(coldStartsAfterMalformed, worker.ColdStarts);
        Assert.Contains("Rejected a malformed event", fixture.Log());
    }

    [Fact]
    public async Task ReportsInitErrorOncePerInvocation_WhenHandlerIsUnknown()
    {
        var function = fixture.AddTestFunction("no.such.handler");

        var first = await function.InvokeAsync("{}"u8.ToArray());
        await Task.Delay(TimeSpan.FromSeconds(1));
        var startsAfterFirst = function.ColdStarts;
        var second = await function.InvokeAsync("{}"u8.ToArray());

        Assert.Equal("Unhandled", first.FunctionError);
        var error = JsonDocument.Parse(first.PayloadText).RootElement;
        Assert.Equal("UnknownHandlerException", error.GetProperty("errorType").GetString());
        Assert.Contains("no.such.handler", error.GetProperty("errorMessage").GetString());
        // No restart loop: each invocation pays for exactly one start.
        Assert.Equal(1, startsAfterFirst);
        Assert.Equal(2, function.ColdStarts);
        Assert.Equal("Unhandled", second.FunctionError);
        Assert.Contains("Function init failed", fixture.Log());
    }

    [Fact]
    public async Task TimesOutAndReplacesInstance_WhenHandlerRunsPastTimeout()
    {
        var function = fixture.AddTestFunction("sleep", timeout: TimeSpan.FromSeconds(1));

        var late = await function.InvokeAsync("""{"ms":4000}"""u8.ToArray());
        var quick = await function.InvokeAsync("""{"ms":10}"""u8.ToArray());

        Assert.Equal("Unhandled", late.FunctionError);
        var error = JsonDocument.Parse(late.PayloadText).RootElement;
        Assert.Equal("Sandbox.Timedout", error.GetProperty("errorType").GetString());
        Assert.Contains("Task timed out after 1.00 seconds", error.GetProperty("errorMessage").GetString());
        Assert.True(quick.Succeeded, quick.PayloadText);
        Assert.Equal(2, function.ColdStarts);
    }

    [Fact]
    public async Task ReportsExitError_WhenProcessDiesDuringInvocation()
    {
        var function = fixture.AddTestFunction("exit");

        var result = await function.InvokeAsync("{}"u8.ToArray());

        Assert.Equal("Unhandled", result.FunctionError);
        var error = JsonDocument.Parse(result.PayloadText).RootElement;
        Assert.Equal("Runtime.ExitError", error.GetProperty("errorType").GetString());
        Assert.Contains("exit status 3", error.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task StartsOneInstancePerConcurrentInvocation_WhenInvokedInParallel()
    {
        var function = fixture.AddTestFunction("sleep");

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => function.InvokeAsync("""{"ms":1500}"""u8.ToArray())));

        Assert.All(results, r => Assert.True(r.Succeeded, r.PayloadText));
        var processes = results.Select(r => JsonDocument.Parse(r.PayloadText).RootElement.GetProperty("pid").GetInt32()).Distinct();
        Assert.Equal(3, processes.Count());
    }

    [Fact]
    public async Task LeavesTheQueue_WhenItsCallerStopsWaitingBeforeAnInstanceTakesIt()
    {
        var function = fixture.AddTestFunction("sleep", maxConcurrency: 1);
        Assert.True((await function.InvokeAsync("""{"ms":10}"""u8.ToArray())).Succeeded);
        var busy = function.InvokeAsync("""{"ms":3000}"""u8.ToArray());
        using var gaveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var withdrawn = await function.InvokeAsync("""{"ms":10}"""u8.ToArray(), withdrawWhileQueued: gaveUp.Token);
        var stillBusy = !busy.IsCompleted;
        var after = await function.InvokeAsync("""{"ms":10}"""u8.ToArray());

        Assert.True(stillBusy);
        Assert.Equal("Local.Withdrawn", JsonDocument.Parse(withdrawn.PayloadText).RootElement.GetProperty("errorType").GetString());
        Assert.True((await busy).Succeeded);
        Assert.True(after.Succeeded, after.PayloadText);
        Assert.Equal(1, function.ColdStarts);
    }

    [Fact]
    public async Task RunsToTheEnd_WhenItsCallerStopsWaitingAfterAnInstanceTookIt()
    {
        var function = fixture.AddTestFunction("sleep", maxConcurrency: 1);
        Assert.True((await function.InvokeAsync("""{"ms":10}"""u8.ToArray())).Succeeded);
        using var gaveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));

        var result = await function.InvokeAsync("""{"ms":3000}"""u8.ToArray(), withdrawWhileQueued: gaveUp.Token);

        Assert.True(gaveUp.IsCancellationRequested);
        Assert.True(result.Succeeded, result.PayloadText);
    }

    [Fact]
    public async Task PassesRequestIdAndDeadline_WhenInvoked()
    {
        var function = fixture.AddTestFunction("process-id", timeout: TimeSpan.FromSeconds(7));
        var before = DateTimeOffset.UtcNow;

        var result = await function.InvokeAsync("{}"u8.ToArray());

        var seen = JsonDocument.Parse(result.PayloadText).RootElement;
        Assert.Equal(result.RequestId, seen.GetProperty("requestId").GetString());
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(seen.GetProperty("deadlineMs").GetInt64());
        Assert.InRange(deadline, before.AddSeconds(6), DateTimeOffset.UtcNow.AddSeconds(7));
    }

    [Fact]
    public async Task FailsInvocationButKeepsInstance_WhenResponseExceedsSixMegabytes()
    {
        var function = fixture.AddTestFunction("large");

        var tooLarge = await function.InvokeAsync(Encoding.UTF8.GetBytes("{\"bytes\":7000000}"));
        var fits = await function.InvokeAsync(Encoding.UTF8.GetBytes("{\"bytes\":1000}"));

        Assert.Equal("Unhandled", tooLarge.FunctionError);
        Assert.Equal("ResponseTooLargeException", JsonDocument.Parse(tooLarge.PayloadText).RootElement.GetProperty("errorType").GetString());
        Assert.True(fits.Succeeded, fits.PayloadText);
        Assert.Equal(1000, fits.Payload.Length);
        Assert.Equal(1, function.ColdStarts);
    }
}
