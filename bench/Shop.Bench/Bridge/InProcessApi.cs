using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Api;
using Shop.Api.Endpoints;
using Shop.Lambda.AspNetCore;
using Shop.Lambda.Runtime;

namespace Shop.Bench.Bridge;

/// <summary>
/// The Api composed in this process as its Program.cs composes it under a Runtime API (same
/// services, middleware and endpoints), served by a server that only hands out two ways into the
/// one pipeline: the bridge LambdaServer runs, and a direct call with plain features.
/// </summary>
internal sealed class InProcessApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CapturingServer _server;

    private InProcessApi(WebApplication app, CapturingServer server)
    {
        _app = app;
        _server = server;
    }

    public ILambdaHandler Bridge => _server.Bridge ?? throw new InvalidOperationException("The Api has not started.");

    public IDirectCall Direct => _server.Direct ?? throw new InvalidOperationException("The Api has not started.");

    public static async Task<InProcessApi> StartAsync()
    {
        var server = new CapturingServer();
        var builder = WebApplication.CreateSlimBuilder();
        // Both paths would write the same log lines; leaving them out keeps console I/O out of the figures.
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(
            BenchSettings.Platform("http://127.0.0.1:9").Concat(BenchSettings.Api())
                .Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        // What UseLambdaServerWhenHosted adds besides the server and the JSON logger.
        builder.Services.AddCorrelationIds();
        builder.Services.AddShopApi(builder.Configuration);
        builder.Services.RemoveAll<IServer>();
        builder.Services.AddSingleton<IServer>(server);

        var app = builder.Build();
        app.UseShopApi();
        app.MapHealthEndpoints();
        app.MapCategoryEndpoints();
        app.MapApiDocs();
        await app.StartAsync();
        return new InProcessApi(app, server);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CapturingServer : IServer
    {
        public ILambdaHandler? Bridge { get; private set; }

        public IDirectCall? Direct { get; private set; }

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull
        {
            Bridge = HttpApiBridge.Create(application, NullLogger.Instance);
            Direct = new DirectCall<TContext>(application);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() { }
    }
}
