using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Lambda.AspNetCore;

/// <summary>
/// An <see cref="IServer"/> whose "connections" are Lambda invocations: once the host has fully
/// started it runs the Runtime API loop, each payload 2.0 event going through the app's pipeline in
/// memory. Stopping ends the long-poll for the next event and lets the invocation in hand finish.
/// </summary>
public sealed class LambdaServer : IServer
{
    private readonly RuntimeApiClient _runtime;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<LambdaServer> _log;
    private readonly MetricsFlusher? _metrics;
    private readonly LambdaInitErrorReporter? _initErrors;
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public LambdaServer(
        RuntimeApiClient runtime,
        IHostApplicationLifetime lifetime,
        ILogger<LambdaServer> log,
        MetricsFlusher? metrics = null,
        LambdaInitErrorReporter? initErrors = null)
    {
        _runtime = runtime;
        _lifetime = lifetime;
        _log = log;
        _metrics = metrics;
        _initErrors = initErrors;
        // Present but ignored: code that reads app.Urls should not fail under Lambda.
        Features.Set<IServerAddressesFeature>(new ServerAddressesFeature());
    }

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var handler = HttpApiBridge.Create(application, _log);
        // Lambda ends the init phase at the first /next: wait until every hosted service has
        // started, so a failure in any of them is still reported as an init error.
        _lifetime.ApplicationStarted.Register(() =>
        {
            _initErrors?.InitCompleted();
            _loop = Task.Run(() => RunAsync(handler));
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync(ILambdaHandler handler)
    {
        try
        {
            await new LambdaRuntimeLoop(_runtime, handler, _log, _metrics).RunAsync(_stopping.Token);
        }
        catch (Exception error)
        {
            // Without the Runtime API no invocation can arrive: end the process so Lambda replaces it.
            _log.LogCritical(error, "Lost the Runtime API: {Reason}", error.Message);
            Environment.ExitCode = 1;
            _lifetime.StopApplication();
        }
    }
}
