using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Lambda.AspNetCore;

public static class LambdaServerHostingExtensions
{
    /// <summary>
    /// Under a Lambda Runtime API (<c>AWS_LAMBDA_RUNTIME_API</c> set) the app is served by
    /// <see cref="LambdaServer"/> with JSON logs and EMF metrics, and a failure before the first
    /// invocation is reported as the init error; otherwise Kestrel serves it unchanged. Correlation
    /// ids work the same in both. Call it first thing after creating the builder.
    /// </summary>
    public static WebApplicationBuilder UseLambdaServerWhenHosted(this WebApplicationBuilder builder)
    {
        var runtimeApi = Environment.GetEnvironmentVariable(RuntimeApiClient.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            builder.Services.AddCorrelationIds();
            return builder;
        }

        var initErrors = new LambdaInitErrorReporter(new RuntimeApiClient(RuntimeHttp.Create(), runtimeApi))
            .WatchUnhandledExceptions();
        builder.Services.AddSingleton(initErrors);
        return builder.UseLambdaServer(runtimeApi);
    }

    /// <summary>
    /// Serves the app through the Runtime API at <paramref name="runtimeApi"/> (<c>host:port</c>)
    /// instead of Kestrel. Installs nothing process-wide, so tests can host several.
    /// </summary>
    public static WebApplicationBuilder UseLambdaServer(this WebApplicationBuilder builder, string runtimeApi)
    {
        builder.Logging.AddShopJsonLogging();
        builder.Services.AddLambdaObservability();
        builder.Services.AddCorrelationIds();
        builder.Services.AddSingleton(_ => new RuntimeApiClient(RuntimeHttp.Create(), runtimeApi));
        builder.Services.RemoveAll<IServer>();
        builder.Services.AddSingleton<IServer, LambdaServer>();
        return builder;
    }
}
