using Shop.Core;
using Shop.Local;
using Shop.Local.Functions;
using Shop.Tests;

namespace Shop.Integration.Tests.Support;

/// <summary>
/// One whole local environment (moto, PostgreSQL, the edge, the synthesized stacks deployed, the
/// demo catalog seeded) on free ports, shared by a collection. It reads the CDK app's synthesized
/// templates from cdk.out, which `./shop test` writes before running the tests.
/// </summary>
public sealed class LocalEnvironmentFixture : IAsyncLifetime
{
    private string _state = "";

    public LocalEnvironment Environment { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public HttpClient Edge { get; private set; } = null!;

    public string LogFile => Path.Combine(_state, "logs", "environment.log");

    public async Task InitializeAsync()
    {
        _state = Path.Combine(Path.GetTempPath(), "shop-it-" + Guid.NewGuid().ToString("N")[..8]);
        var assembly = Path.Combine(RepositoryPaths.Root, "cdk.out");
        if (!File.Exists(Path.Combine(assembly, "manifest.json")))
        {
            throw new InvalidOperationException($"No synthesized CDK app in {assembly}: run `./shop test` (or `./shop synth`) first.");
        }
        var options = LocalEnvironmentOptions.FromEnvironment(RepositoryPaths.Root, _ => null).OnFreePorts(_state) with
        {
            CloudAssembly = assembly,
            Log = new LocalPaths(RepositoryPaths.Root, _state).LogWriter("environment"),
        };
        Environment = await LocalEnvironment.StartAsync(options);
        Api = new HttpClient { BaseAddress = Environment.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        Edge = new HttpClient { BaseAddress = Environment.EdgeUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        Edge?.Dispose();
        if (Environment is not null)
        {
            await Environment.DisposeAsync();
        }
        TestState.Remove(_state);
    }

    /// <summary>What the environment and its functions logged so far.</summary>
    public string Log()
    {
        using var file = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(file).ReadToEnd();
    }

    /// <summary>Runs a function of tests/Shop.TestFunctions under a fresh name.</summary>
    public FunctionHost AddTestFunction(string handler, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Environment.AddFunction(new FunctionDefinition(
            $"test-{handler}-{Guid.NewGuid().ToString("N")[..6]}",
            "Shop.TestFunctions",
            handler,
            environment ?? new Dictionary<string, string>(),
            timeout ?? TimeSpan.FromSeconds(10),
            128));

    /// <summary>The deployed function a handler name runs, e.g. <see cref="ShopNames.Handlers.Api"/>.</summary>
    public FunctionHost Function(string handler) => Environment.FindFunction(handler);
}

[CollectionDefinition(Name)]
public sealed class LocalEnvironmentCollection : ICollectionFixture<LocalEnvironmentFixture>
{
    public const string Name = "local environment";
}
