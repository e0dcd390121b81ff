using Shop.Lambda.Aws;
using Shop.Local;
using Shop.Local.Processes;
using Shop.Tests;

namespace Shop.Integration.Tests.Support;

/// <summary>
/// One moto_server for a test collection, started the way the local environment starts it
/// (through tools/Shop.Local/moto/launch_moto.py), on a free port, with MOTO_PORT pointing at moto
/// itself so the interpreter's service integrations (SQS, ...) reach it. Tests isolate their data
/// by unique names.
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string Region = LocalAws.Region;
    public const string AccountId = LocalAws.AccountId;

    private MotoServer? _moto;
    private LocalPaths? _paths;

    public static AwsCredentials Credentials { get; } = new(LocalAws.AccessKeyId, LocalAws.SecretAccessKey);

    public Uri Endpoint => _moto!.Endpoint;

    /// <summary>What moto logged so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            using var log = new FileStream(_paths!.LogFile("moto"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(log).ReadToEnd();
        }
    }

    public async Task InitializeAsync()
    {
        _paths = new LocalPaths(RepositoryPaths.Root, Path.Combine(Path.GetTempPath(), "shop-moto-fixture-" + Guid.NewGuid().ToString("N")[..8]));
        var port = Ports.FindFree();
        _moto = await MotoServer.StartAsync(_paths, port, edgePort: port, "python3", _ => { });
    }

    public async Task DisposeAsync()
    {
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
        TestState.Remove(_paths?.StateDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}
