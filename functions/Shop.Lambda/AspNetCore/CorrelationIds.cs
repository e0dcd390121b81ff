using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Lambda.Observability;

namespace Shop.Lambda.AspNetCore;

/// <summary>
/// One id follows a request through every service it touches: taken from <c>x-correlation-id</c>
/// when the caller sent a usable one, else the request's own id (API Gateway's request id under
/// Lambda, Kestrel's trace identifier locally). It is in <see cref="LogContext"/> while the request
/// runs and echoed on the response. The same middleware runs in both hosts.
/// </summary>
public static class CorrelationIds
{
    public const string HeaderName = "x-correlation-id";
    private const int MaxLength = 128;

    /// <summary>Puts the correlation middleware first in the pipeline (before the app's own middleware, exception handling included).</summary>
    public static IServiceCollection AddCorrelationIds(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, CorrelationIdStartupFilter>());
        return services;
    }

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var correlationId = Usable(context.Request.Headers[HeaderName].ToString()) ?? context.TraceIdentifier;
        using var scope = LogContext.Begin(LogContext.RequestId ?? context.TraceIdentifier, correlationId);
        // Set when the response starts, so an exception handler that clears the headers does not drop it.
        context.Response.OnStarting(static state =>
        {
            var (response, id) = ((HttpResponse, string))state;
            response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        }, (context.Response, correlationId));
        await next(context);
    }

    /// <summary>A caller's id is echoed into headers and logs: only short, visible ASCII is taken.</summary>
    private static string? Usable(string candidate)
    {
        if (candidate.Length is 0 or > MaxLength)
        {
            return null;
        }
        foreach (var c in candidate)
        {
            if (c is < '!' or > '~')
            {
                return null;
            }
        }
        return candidate;
    }

    private sealed class CorrelationIdStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(InvokeAsync);
            next(app);
        };
    }
}
