namespace Shop.Core.Health;

/// <summary>Asks every dependency at once, each within the same time limit, and reports all of them.</summary>
public sealed class CheckHealth(IEnumerable<IDependencyProbe> probes, TimeSpan? limit = null)
{
    private readonly TimeSpan _limit = limit ?? TimeSpan.FromSeconds(3);

    public async Task<HealthReport> HandleAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(probes.Select(probe => CheckAsync(probe, cancellationToken)));
        var status = results.All(r => r.Status == HealthStatus.Ok) ? HealthStatus.Ok : HealthStatus.Failing;
        return new HealthReport(status, results.OrderBy(r => r.Name, StringComparer.Ordinal).ToList());
    }

    private async Task<DependencyHealth> CheckAsync(IDependencyProbe probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_limit);
        try
        {
            var detail = await probe.CheckAsync(timeout.Token);
            return new DependencyHealth(probe.Name, HealthStatus.Ok, detail);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new DependencyHealth(probe.Name, HealthStatus.Failing, $"no answer within {_limit.TotalSeconds:0.#} s");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A probe reports the dependency's failure; the report, not the exception, is the result.
            return new DependencyHealth(probe.Name, HealthStatus.Failing, error.Message);
        }
    }
}
