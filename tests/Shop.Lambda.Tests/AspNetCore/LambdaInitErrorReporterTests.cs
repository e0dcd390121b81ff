using Shop.Lambda.AspNetCore;
using Shop.Lambda.Runtime;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.AspNetCore;

public sealed class LambdaInitErrorReporterTests
{
    [Fact]
    public async Task PostsInitErrorAndExitsNonZero_WhenStartupFails()
    {
        var exits = new List<int>();
        await using var runtime = await FakeRuntimeApi.StartAsync();
        using var http = new HttpClient();
        var reporter = new LambdaInitErrorReporter(new RuntimeApiClient(http, runtime.Address), exits.Add);

        var reported = reporter.Report(new OptionsMissingException("Shop:TableName is not set."));

        Assert.True(reported);
        Assert.Equal([1], exits);
        var initError = await runtime.InitError.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(nameof(OptionsMissingException), initError.ErrorType);
        Assert.Contains("Shop:TableName is not set.", initError.Body);
    }

    [Fact]
    public async Task ReportsOnce_WhenSeveralFailuresArrive()
    {
        var exits = new List<int>();
        await using var runtime = await FakeRuntimeApi.StartAsync();
        using var http = new HttpClient();
        var reporter = new LambdaInitErrorReporter(new RuntimeApiClient(http, runtime.Address), exits.Add);

        var first = reporter.Report(new InvalidOperationException("first"));
        var second = reporter.Report(new InvalidOperationException("second"));

        Assert.True(first);
        Assert.False(second);
        Assert.Equal([1], exits);
        Assert.Contains("first", (await runtime.InitError).Body);
    }

    [Fact]
    public void ExitsNonZero_WhenRuntimeApiCannotBeReached()
    {
        var exits = new List<int>();
        using var http = new HttpClient();
        // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
        var reporter = new LambdaInitErrorReporter(new RuntimeApiClient(http, "127.0.0.1:9"), exits.Add);

        var reported = reporter.Report(new InvalidOperationException("boom"));

        Assert.True(reported);
        Assert.Equal([1], exits);
    }

    private sealed class OptionsMissingException(string message) : Exception(message);
}
