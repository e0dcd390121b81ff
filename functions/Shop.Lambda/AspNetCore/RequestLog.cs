using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Lambda.AspNetCore;

/// <summary>
/// One line per request (method, path, status, duration) in place of the framework's chattier
/// request logging; it carries the request and correlation ids like every other line.
/// </summary>
public static class RequestLog
{
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Shop.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                log.LogInformation("{Method} {Path} answered {StatusCode} in {DurationMs} ms",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode,
                    Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
            }
        });
    }
}
