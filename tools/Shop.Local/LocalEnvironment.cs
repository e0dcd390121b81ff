using Shop.Adapters.DynamoDb;
using Shop.Core;
using Shop.Core.Search;
using Shop.Local.Deploy;
using Shop.Local.Edge;
using Shop.Local.EventSources;
using Shop.Local.Functions;
using Shop.Local.Processes;
using Shop.Local.Search;
using Shop.Local.Seeding;

namespace Shop.Local;

/// <summary>
/// The whole local stand-in for AWS: moto_server and a PostgreSQL cluster as children, the edge
/// (Lambda Invoke and Runtime APIs, everything else forwarded to moto), the synthesized stacks
/// deployed into them, event source mappings polling, and API Gateway's HTTP API in front of the
/// Api function. Disposing it stops every process it started.
/// </summary>
public sealed class LocalEnvironment : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _eventSources = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    private LocalEnvironment(LocalEnvironmentOptions options, LocalPaths paths)
    {
        Options = options;
        Paths = paths;
        Functions = new FunctionRegistry();
    }

    public LocalEnvironmentOptions Options { get; }
    public LocalPaths Paths { get; }
    public FunctionRegistry Functions { get; }
    public DeployedEnvironment Deployed { get; private set; } = new();
    public LocalAwsClients Aws { get; private set; } = null!;
    public PostgresCluster Postgres { get; private set; } = null!;

    public Uri EdgeUrl => new($"http://localhost:{Options.EdgePort}");

    /// <summary>Where functions reach the embedded search engine (it stands in for the OpenSearch domain).</summary>
    public Uri EmbeddedSearchUrl => new($"http://127.0.0.1:{Options.EdgePort}{EmbeddedSearchEndpoints.BasePath}/");

    /// <summary>The products index the edge serves to the functions.</summary>
    public LuceneProductIndex Search { get; private set; } = null!;
    public Uri ApiUrl => new($"http://localhost:{Options.ApiPort}");

    public static async Task<LocalEnvironment> StartAsync(LocalEnvironmentOptions options, CancellationToken cancellationToken = default)
    {
        var stacks = CloudAssembly.Read(options.CloudAssemblyDirectory);
        await Prerequisites.CheckAsync(options, stacks);

        var environment = new LocalEnvironment(options, new LocalPaths(options.RepositoryRoot, options.StateDirectory));
        try
        {
            await environment.StartPartsAsync(stacks, cancellationToken);
            return environment;
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    private async Task StartPartsAsync(IReadOnlyList<StackTemplate> stacks, CancellationToken cancellationToken)
    {
        var log = Options.Log;
        var moto = MotoServer.StartAsync(Paths, Options.MotoPort, Options.EdgePort, Options.Python, log);
        var postgres = PostgresCluster.StartAsync(Options.PostgresPort, log);
        await Task.WhenAll(moto.ContinueWith(_ => { }, TaskScheduler.Default), postgres.ContinueWith(_ => { }, TaskScheduler.Default));
        if (moto.IsCompletedSuccessfully) _owned.Add(moto.Result);
        if (postgres.IsCompletedSuccessfully) _owned.Add(postgres.Result);
        await Task.WhenAll(moto, postgres);
        Postgres = postgres.Result;

        Aws = new LocalAwsClients(moto.Result.Endpoint);
        _owned.Add(Aws);

        // The embedded search engine starts empty, as moto's tables do.
        Search = new LuceneProductIndex(Path.Combine(Options.StateDirectory, "search"));
        _owned.Add(new Disposing(Search));
        await Search.EnsureCreatedAsync(cancellationToken);
        await Search.ClearAsync(cancellationToken);

        var edge = await StartEdgeAsync(moto.Result.Endpoint, cancellationToken);
        _owned.Add(edge);
        // Disposed before the edge: instances stop while their Runtime API still answers.
        _owned.Add(Functions);

        Deployed = await DeployAsync(stacks, cancellationToken);

        StartEventSources();
        if (Deployed.HttpApis.FirstOrDefault() is { } api)
        {
            _owned.Add(await StartHttpApiAsync(api, cancellationToken));
        }
        if (Options.SeedDemoData)
        {
            var users = await SeedUsers.SeedAsync(Aws.Cognito, new DynamoDbUserStore(Aws.DynamoDb, new TableName(TableName())),
                Setting(ShopNames.Settings.UserPoolId), Options.SeedPassword, cancellationToken);
            log($"seeded {SeedUsers.AdminEmail} and {SeedUsers.SellerEmail}");
            Seeded = users;
            await DemoCatalog.SeedAsync(Aws.DynamoDb, TableName(), users.SellerId, cancellationToken);
            var indexed = await ReindexAsync(cancellationToken);
            log($"seeded the demo catalog ({indexed.Indexed} products indexed for search)");
        }
    }

    /// <summary>
    /// Deploys stacks into this environment as the start does (tests deploy templates of their own).
    /// Their event source mappings and schedules are returned, not started.
    /// </summary>
    public Task<DeployedEnvironment> DeployAsync(IReadOnlyList<StackTemplate> stacks, CancellationToken cancellationToken = default)
    {
        var binaries = new FunctionBinaries(Paths, Options.FunctionMode, Options.AotProjects);
        var resources = new LocalResources(Aws, new LocalDatabase(Aws, Postgres), definition => CreateFunction(definition, binaries, Options.MaxConcurrency), Functions, EmbeddedSearchUrl, Options.Log);
        return new LocalDeployer(resources, Options.Log).DeployAsync(stacks, cancellationToken);
    }

    /// <summary>Rebuilds the search index from the table, as <c>./shop reindex</c> does.</summary>
    public Task<ReindexReport> ReindexAsync(CancellationToken cancellationToken)
    {
        var table = new TableName(TableName());
        return new ReindexProducts(new DynamoDbProductStore(Aws.DynamoDb, table), new DynamoDbCategoryStore(Aws.DynamoDb, table), Search)
            .HandleAsync(cancellationToken);
    }

    /// <summary>The seeded accounts, when the environment seeded them.</summary>
    public SeededUsers? Seeded { get; private set; }

    /// <summary>The single table, as the functions are told its name.</summary>
    public string TableName() => Setting(ShopNames.Settings.TableName);

    /// <summary>A setting as the deployed functions receive it (the first function given it).</summary>
    public string Setting(string name) =>
        Functions.All.Select(f => f.Definition.Environment.GetValueOrDefault(name)).FirstOrDefault(n => n is not null)
        ?? throw new InvalidOperationException($"No function is given {name}; is the CDK app synthesized with it?");

    /// <summary>Finds a function the templates deployed by its name, its handler (<c>api</c>), or a unique part of its name.</summary>
    public FunctionHost FindFunction(string nameOrHandler)
    {
        var deployed = Deployed.OfType("AWS::Lambda::Function").Select(f => f.Ref).ToHashSet(StringComparer.Ordinal);
        var candidates = Functions.All.Where(f => deployed.Contains(f.Definition.Name)).ToList();
        return FunctionLookup.Pick(candidates, f => f.Definition.Name, f => f.Definition.Handler, nameOrHandler);
    }

    /// <summary>Runs one more function in this environment (tests bring their own), as its JIT or Native AOT build, at most <paramref name="maxConcurrency"/> instances (the environment's by default).</summary>
    public FunctionHost AddFunction(FunctionDefinition definition, FunctionMode? mode = null, int? maxConcurrency = null)
    {
        var binaries = new FunctionBinaries(Paths, mode ?? Options.FunctionMode, mode is null ? Options.AotProjects : null);
        var host = CreateFunction(definition, binaries, maxConcurrency ?? Options.MaxConcurrency);
        Functions.Add(host);
        return host;
    }

    private FunctionHost CreateFunction(FunctionDefinition definition, FunctionBinaries binaries, int maxConcurrency) =>
        new(definition, binaries, $"127.0.0.1:{Options.EdgePort}", FunctionPlatformEnvironment(), maxConcurrency, Options.Log,
            () => Functions.All.Sum(f => f.StartingInstances) < Options.MaxColdStarts);

    /// <summary>What Lambda gives every function, pointed at this environment instead of AWS.</summary>
    private Dictionary<string, string> FunctionPlatformEnvironment() => new()
    {
        ["AWS_REGION"] = LocalAws.Region,
        ["AWS_DEFAULT_REGION"] = LocalAws.Region,
        ["AWS_ACCESS_KEY_ID"] = LocalAws.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = LocalAws.SecretAccessKey,
        ["AWS_ENDPOINT_URL"] = $"http://127.0.0.1:{Options.EdgePort}",
        ["AWS_LAMBDA_LOG_FORMAT"] = "JSON",
        // Tests may fail or delay checkout steps through fault plans in the table; never set in AWS.
        [ShopNames.Settings.CheckoutFaults] = "table",
    };

    private async Task<WebApplicationHandle> StartEdgeAsync(Uri moto, CancellationToken cancellationToken)
    {
        var proxy = new MotoProxy(new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan }, moto);
        var edge = await ServeAsync(Options.EdgePort, app =>
        {
            app.MapRuntimeApi(Functions);
            app.MapLambdaApi(Functions, Options.Log);
            app.MapEmbeddedSearch(Search);
            app.MapFallback("{**path}", proxy.ForwardAsync);
        }, cancellationToken);
        Options.Log($"edge listening on {EdgeUrl} (Lambda and Runtime APIs; other AWS calls go to moto)");
        return edge;
    }

    private async Task<WebApplicationHandle> StartHttpApiAsync(HttpApi api, CancellationToken cancellationToken)
    {
        var front = new HttpApiFront(api, Functions, new CognitoJwtAuthorizer(_http, Aws.Endpoint), Options.Log);
        var server = await ServeAsync(Options.ApiPort, app => app.Run(front.HandleAsync), cancellationToken);
        Options.Log($"HTTP API '{api.Name}' listening on {ApiUrl} ({api.Routes.Count} routes)");
        return server;
    }

    /// <summary>A Kestrel server on localhost (IPv4 and IPv6) with no body size limit: S3 uploads pass through it.</summary>
    private static async Task<WebApplicationHandle> ServeAsync(int port, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenLocalhost(port);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        return new WebApplicationHandle(app);
    }

    private void StartEventSources()
    {
        foreach (var mapping in Deployed.EventSourceMappings)
        {
            var function = Functions.Find(mapping.FunctionName)
                ?? throw new InvalidOperationException($"Event source mapping targets {mapping.FunctionName}, which is not running locally.");
            IEventSource source = mapping.EventSourceArn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal)
                ? new SqsEventSource(Aws.Sqs, mapping, function, Options.Log)
                : new DynamoDbStreamEventSource(Aws, mapping, function, Options.Log);
            _eventSources.Add(Task.Run(() => source.RunAsync(_stopping.Token)));
            Options.Log($"event source mapping: {source.Describe}");
        }
        foreach (var schedule in Deployed.Schedules)
        {
            var function = Functions.Find(schedule.FunctionName)
                ?? throw new InvalidOperationException($"Rule {schedule.RuleName} targets {schedule.FunctionName}, which is not running locally.");
            var source = new ScheduledEventSource(schedule, function, Options.Log);
            _eventSources.Add(Task.Run(() => source.RunAsync(_stopping.Token)));
            Options.Log($"scheduled rule: {source.Describe}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        // A mapping or a schedule may be waiting on an invocation (the indexer catching up with the stream);
        // it ends when the functions stop below, so the pollers get a few seconds, not the invocation's timeout.
        await Task.WhenAll(_eventSources).WaitAsync(TimeSpan.FromSeconds(3)).ContinueWith(_ => { }, TaskScheduler.Default);
        // Stop in reverse order of start: front door first, data last.
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
        _owned.Clear();
        _stopping.Dispose();
        _http.Dispose();
    }

    private sealed class Disposing(IDisposable disposable) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposable.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class WebApplicationHandle(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(grace.Token);
            await app.DisposeAsync();
        }
    }
}
