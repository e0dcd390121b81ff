namespace Shop.Local.Functions;

/// <summary>The functions this environment runs, found by name, ARN or partial ARN, as Lambda's API accepts them.</summary>
public sealed class FunctionRegistry : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, FunctionHost> _byName = new(StringComparer.Ordinal);

    public IReadOnlyCollection<FunctionHost> All => [.. _byName.Values];

    public void Add(FunctionHost host)
    {
        if (!_byName.TryAdd(host.Definition.Name, host))
        {
            throw new InvalidOperationException($"A function named {host.Definition.Name} is already running.");
        }
    }

    /// <summary>Stops a function and forgets it (tests add and remove their own).</summary>
    public async Task RemoveAsync(string name)
    {
        if (_byName.TryRemove(name, out var host))
        {
            await host.DisposeAsync();
        }
    }

    public FunctionHost? Find(string nameOrArn)
    {
        var name = Uri.UnescapeDataString(nameOrArn);
        // arn:aws:lambda:region:account:function:name[:qualifier] or account:function:name
        var marker = name.IndexOf(":function:", StringComparison.Ordinal);
        if (marker >= 0)
        {
            name = name[(marker + ":function:".Length)..];
        }
        var qualifier = name.IndexOf(':');
        if (qualifier >= 0)
        {
            name = name[..qualifier];
        }
        return _byName.GetValueOrDefault(name);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_byName.Values.Select(h => h.DisposeAsync().AsTask()));
        _byName.Clear();
    }
}
