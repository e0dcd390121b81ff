using Shop.Core.Health;

namespace Shop.Core.Tests.Health;

public sealed class CheckHealthTests
{
    [Fact]
    public async Task ReportsOk_WhenEveryDependencyAnswers()
    {
        var report = await new CheckHealth([Probe("dynamodb"), Probe("postgres")]).HandleAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Ok, report.Status);
        Assert.All(report.Dependencies, d => Assert.Equal(HealthStatus.Ok, d.Status));
    }

    [Fact]
    public async Task ReportsFailingWithReason_WhenOneDependencyThrows()
    {
        var report = await new CheckHealth([Probe("dynamodb"), Probe("postgres", fail: "connection refused")]).HandleAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Failing, report.Status);
        var postgres = Assert.Single(report.Dependencies, d => d.Name == "postgres");
        Assert.Equal(HealthStatus.Failing, postgres.Status);
        Assert.Equal("connection refused", postgres.Detail);
        Assert.Equal(HealthStatus.Ok, Assert.Single(report.Dependencies, d => d.Name == "dynamodb").Status);
    }

    [Fact]
    public async Task ReportsFailing_WhenDependencyDoesNotAnswerInTime()
    {
        var check = new CheckHealth([Probe("search", hang: true)], TimeSpan.FromMilliseconds(50));

        var report = await check.HandleAsync(CancellationToken.None);

        var search = Assert.Single(report.Dependencies);
        Assert.Equal(HealthStatus.Failing, search.Status);
        Assert.Contains("no answer", search.Detail);
    }

    [Fact]
    public async Task AsksDependenciesConcurrently_WhenSeveralAreSlow()
    {
        var started = new CountdownEvent(3);
        var probes = Enumerable.Range(0, 3).Select(i => (IDependencyProbe)new BarrierProbe($"p{i}", started)).ToList();

        var report = await new CheckHealth(probes, TimeSpan.FromSeconds(10)).HandleAsync(CancellationToken.None);

        // Each probe waits until all three have started: only a concurrent check can finish them all.
        Assert.Equal(HealthStatus.Ok, report.Status);
    }

    private static IDependencyProbe Probe(string name, string? fail = null, bool hang = false) => new FixedProbe(name, fail, hang);

    private sealed class FixedProbe(string name, string? fail, bool hang) : IDependencyProbe
    {
        public string Name => name;

        public async Task<string?> CheckAsync(CancellationToken cancellationToken)
        {
            if (hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return fail is null ? null : throw new InvalidOperationException(fail);
        }
    }

    private sealed class BarrierProbe(string name, CountdownEvent started) : IDependencyProbe
    {
        public string Name => name;

        public async Task<string?> CheckAsync(CancellationToken cancellationToken)
        {
            started.Signal();
            await Task.Run(() => started.Wait(TimeSpan.FromSeconds(5), cancellationToken), cancellationToken);
            return started.IsSet ? null : throw new TimeoutException("probes ran one after another");
        }
    }
}
