using System.Net.Http.Json;
using System.Text.Json;
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
    public FunctionHost AddTestFunction(string handler, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null, int? maxConcurrency = null) =>
        Environment.AddFunction(new FunctionDefinition(
            $"test-{handler}-{Guid.NewGuid().ToString("N")[..6]}",
            "Shop.TestFunctions",
            handler,
            environment ?? new Dictionary<string, string>(),
            timeout ?? TimeSpan.FromSeconds(10),
            128), maxConcurrency: maxConcurrency);

    public const string TestPassword = "Test-pass-1!";

    /// <summary>
    /// A new member registered through the API, added to <paramref name="groups"/> in the user pool
    /// (admin, seller, fulfillment) and signed in through the API, so its token carries them.
    /// </summary>
    public async Task<TestUser> SignInAsync(params string[] groups)
    {
        var email = $"u-{Guid.NewGuid():N}@test.shop.local";
        using var registered = await Api.PostAsJsonAsync("/auth/register", new { email, password = TestPassword });
        registered.EnsureSuccessStatusCode();
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        foreach (var group in groups)
        {
            await Environment.Aws.Cognito.AdminAddUserToGroupAsync(Environment.Setting(ShopNames.Settings.UserPoolId), id, group, CancellationToken.None);
        }
        return await LogInAsync(id, email, TestPassword);
    }

    /// <summary>Signs an existing account in again (new tokens carry group changes made since).</summary>
    public async Task<TestUser> LogInAsync(string id, string email, string password)
    {
        using var login = await Api.PostAsJsonAsync("/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var session = await login.Content.ReadFromJsonAsync<JsonElement>();
        var access = session.GetProperty("accessToken").GetString()!;
        return new TestUser(id, email, password, access, session.GetProperty("idToken").GetString()!,
            session.TryGetProperty("refreshToken", out var refresh) ? refresh.GetString() : null,
            TestUser.ClientWith(Environment.ApiUrl, access));
    }

    /// <summary>The deployed function a handler name runs, e.g. <see cref="ShopNames.Handlers.Api"/>.</summary>
    public FunctionHost Function(string handler) => Environment.FindFunction(handler);
}

[CollectionDefinition(Name)]
public sealed class LocalEnvironmentCollection : ICollectionFixture<LocalEnvironmentFixture>
{
    public const string Name = "local environment";
}
