using System.Net;
using System.Net.Sockets;
using Shop.Local;
using Shop.Local.Processes;
using Shop.Tests;

namespace Shop.Integration.Tests.LocalTool;

public sealed class PrerequisitesTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "shop-prereq-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose() => Support.TestState.Remove(_state);

    [Fact]
    public async Task ExplainsInOneLine_WhenEdgePortIsTaken()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var options = Options() with { EdgePort = taken };

        var error = await Assert.ThrowsAsync<PrerequisiteException>(() => LocalEnvironment.StartAsync(options));

        Assert.Contains($"Port {taken}", error.Message);
        Assert.Contains("SHOP_EDGE_PORT", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ExplainsInOneLine_WhenPythonCannotImportMoto()
    {
        var options = Options() with { Python = "/bin/false" };

        var error = await Assert.ThrowsAsync<PrerequisiteException>(() => LocalEnvironment.StartAsync(options));

        Assert.Contains("moto", error.Message);
        Assert.Contains("SHOP_PYTHON", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task ExplainsInOneLine_WhenCloudAssemblyIsMissing()
    {
        var options = Options() with { CloudAssembly = Path.Combine(Path.GetTempPath(), "no-cdk-out-" + Guid.NewGuid().ToString("N")) };

        var error = await Assert.ThrowsAsync<PrerequisiteException>(() => LocalEnvironment.StartAsync(options));

        Assert.Contains("./shop synth", error.Message);
    }

    private LocalEnvironmentOptions Options() =>
        LocalEnvironmentOptions.FromEnvironment(RepositoryPaths.Root, _ => null).OnFreePorts(_state);
}
