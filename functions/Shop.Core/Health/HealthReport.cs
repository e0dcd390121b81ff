namespace Shop.Core.Health;

public enum HealthStatus
{
    Ok,
    Failing,
}

public sealed record DependencyHealth(string Name, HealthStatus Status, string? Detail);

public sealed record HealthReport(HealthStatus Status, IReadOnlyList<DependencyHealth> Dependencies);

/// <summary>Checks that one dependency answers. Throwing means failing; the message becomes the detail.</summary>
public interface IDependencyProbe
{
    string Name { get; }

    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
