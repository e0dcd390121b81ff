namespace Shop.Lambda.Tests.Support;

/// <summary>The test app on Kestrel and behind the bridge, started once for a test class.</summary>
public sealed class HostPair : IAsyncLifetime
{
    internal KestrelHost Kestrel { get; private set; } = null!;
    internal BridgeHost Bridge { get; private set; } = null!;

    internal IApiHost this[string name] => name switch
    {
        "kestrel" => Kestrel,
        "bridge" => Bridge,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Expected kestrel or bridge."),
    };

    public async Task InitializeAsync()
    {
        Kestrel = await KestrelHost.StartAsync();
        Bridge = await BridgeHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Kestrel.DisposeAsync();
        await Bridge.DisposeAsync();
    }
}
