using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Lambda.Observability;

namespace Shop.Lambda.Runtime;

public static class LambdaHostingExtensions
{
    /// <summary>
    /// Runs this host as a Lambda function: JSON logs, EMF metrics, and the Runtime API loop
    /// driving the handler that <c>_HANDLER</c> names.
    /// </summary>
    public static HostApplicationBuilder AddLambdaRuntime(this HostApplicationBuilder builder, HandlerRegistry handlers)
    {
        builder.Logging.AddShopJsonLogging();
        builder.Services.AddLambdaObservability();
        builder.Services.AddSingleton(handlers);
        builder.Services.AddHostedService<LambdaRuntimeService>();
        return builder;
    }

    /// <summary>EMF metrics for the function, dimensioned by its service name.</summary>
    public static IServiceCollection AddLambdaObservability(this IServiceCollection services, string metricsNamespace = DefaultMetricsNamespace)
    {
        services.AddSingleton(StdoutSink.Shared);
        services.AddSingleton(provider => new MetricsFlusher(
            provider.GetRequiredService<StdoutSink>(), metricsNamespace, ServiceName()));
        services.AddSingleton<IMetrics>(provider => provider.GetRequiredService<MetricsFlusher>());
        return services;
    }

    public const string DefaultMetricsNamespace = "Shop";

    /// <summary>The service dimension: the Lambda function name, else the process name.</summary>
    public static string ServiceName() =>
        Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME")
        ?? AppDomain.CurrentDomain.FriendlyName;
}

/// <summary>Creates the handler once (the init phase), then runs the invocation loop until shutdown.</summary>
internal sealed class LambdaRuntimeService(
    HandlerRegistry registry,
    IServiceProvider services,
    MetricsFlusher metrics,
    IHostApplicationLifetime lifetime,
    ILogger<LambdaRuntimeService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var http = RuntimeHttp.Create();
        var runtime = RuntimeApiClient.FromEnvironment(http);
        var handlerName = Environment.GetEnvironmentVariable(HandlerRegistry.EnvironmentVariable);

        ILambdaHandler handler;
        try
        {
            handler = registry.Create(handlerName, services);
        }
        catch (Exception error)
        {
            log.LogCritical(error, "Function init failed for handler {Handler}: {Reason}", handlerName, error.Message);
            await runtime.SendInitErrorAsync(error, CancellationToken.None);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
            return;
        }

        try
        {
            await new LambdaRuntimeLoop(runtime, handler, log, metrics).RunAsync(stoppingToken);
        }
        catch (HttpRequestException error)
        {
            log.LogCritical(error, "Lost the Runtime API: {Reason}", error.Message);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}

internal static class RuntimeHttp
{
    /// <summary>The long-poll for the next event may wait for as long as the function stays idle.</summary>
    public static HttpClient Create() => new(new SocketsHttpHandler { UseProxy = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
