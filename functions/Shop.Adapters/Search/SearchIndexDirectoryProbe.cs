using Shop.Core.Health;

namespace Shop.Adapters.Search;

/// <summary>
/// The embedded search engine keeps its index in a local directory; it is reachable when that
/// directory can be written.
/// </summary>
public sealed class SearchIndexDirectoryProbe(string indexPath) : IDependencyProbe
{
    public string Name => "search";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(indexPath);
        var probe = Path.Combine(indexPath, $".probe-{Environment.ProcessId}");
        await File.WriteAllTextAsync(probe, "ok", cancellationToken);
        File.Delete(probe);
        return "embedded";
    }
}
