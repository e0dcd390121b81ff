using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Shop.Lambda.AspNetCore;
using Shop.Lambda.Observability;

namespace Shop.Lambda.Tests.Support;

/// <summary>
/// A small minimal-API app exercising what the bridge must carry both ways. The same app runs
/// behind every host in these tests; only <c>host</c> (the server) differs.
/// </summary>
internal static class TestApi
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE, 0x41];
    public const string Text = "héllo wörld ✓";

    public static WebApplication Build(Action<WebApplicationBuilder> host, Probe? probe = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        host(builder);
        builder.Logging.ClearProviders();
        builder.Services.AddCorrelationIds();
        builder.Services.AddSingleton(probe ?? new Probe());
        var app = builder.Build();
        Map(app);
        return app;
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/health", () => "ok");
        app.MapGet("/categories", () => Results.Json(Array.Empty<string>()));
        app.MapMethods("/echo/{**rest}", ["GET", "POST", "PUT", "DELETE"], EchoAsync);
        app.MapGet("/whoami", WhoAmI);
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/cookies", SetCookies);
        app.MapGet("/multi-header", MultiHeader);
        app.MapGet("/binary", () => Results.Bytes(Png, "image/png"));
        app.MapMethods("/text", ["GET", "HEAD"], () => Results.Text(Text, "text/plain; charset=utf-8"));
        app.MapGet("/json", () => Results.Json(new { name = "Trail Runner", price = 8999 }));
        app.MapGet("/problem", () => Results.Problem(statusCode: 409, title: "Stock changed"));
        app.MapGet("/gzip", GzipAsync);
        app.MapGet("/boom", string () => throw new InvalidOperationException("Npgsql: password=hunter2 at Shop.Secret.Method()"));
        app.MapGet("/callbacks", Callbacks);
        app.MapGet("/typed", TypedAsync);
        app.MapGet("/correlation", () => Results.Json(new CorrelationReply(LogContext.CorrelationId, LogContext.RequestId)));
        app.MapGet("/slow", SlowAsync);
    }

    private static async Task<IResult> EchoAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var context = request.HttpContext;
        return Results.Json(new EchoReply(
            request.Method,
            request.Path.Value ?? "",
            context.Features.Get<IHttpRequestFeature>()!.RawTarget,
            request.QueryString.Value ?? "",
            request.Query.SelectMany(pair => pair.Value.Select(value => $"{pair.Key}={value}")).ToList(),
            request.Headers["x-multi"].ToString(),
            request.ContentType,
            request.ContentLength,
            request.Cookies.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}={pair.Value}").ToList(),
            Convert.ToBase64String(body.ToArray())));
    }

    private static IResult WhoAmI(HttpContext context)
    {
        var lambda = context.Features.Get<IHttpApiRequestFeature>();
        return Results.Json(new WhoAmIReply(
            context.Request.Scheme,
            context.Request.Host.Value ?? "",
            context.Request.Protocol,
            context.Connection.RemoteIpAddress?.ToString(),
            context.TraceIdentifier,
            lambda?.Request.RequestContext?.Stage,
            lambda?.LambdaContext.RequestId,
            lambda?.Request.RequestContext?.Authorizer?.Jwt?.Claims?["sub"]));
    }

    private static string SetCookies(HttpResponse response)
    {
        response.Cookies.Append("session", "s:8fK2", new CookieOptions
        {
            HttpOnly = true,
            Path = "/",
            Expires = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
        });
        response.Cookies.Append("theme", "dark");
        return "ok";
    }

    private static string MultiHeader(HttpResponse response)
    {
        response.Headers.Append("x-multi", new StringValues(["one", "two"]));
        response.Headers.CacheControl = "no-store";
        return "ok";
    }

    private static async Task GzipAsync(HttpResponse response)
    {
        response.ContentType = "text/plain";
        response.Headers.ContentEncoding = "gzip";
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Text));
        }
        await response.Body.WriteAsync(compressed.ToArray());
    }

    /// <summary>Writes a fixed body under any content type; <c>latin1</c> makes it text that is not UTF-8.</summary>
    private static async Task TypedAsync(HttpResponse response, string? type, bool latin1 = false)
    {
        if (type is not null)
        {
            response.ContentType = type;
        }
        await response.Body.WriteAsync(latin1 ? [0x63, 0x61, 0x66, 0xE9] : "plain ascii"u8.ToArray());
    }

    private static string Callbacks(HttpContext context, Probe probe)
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers["x-on-starting"] = "ran";
            return Task.CompletedTask;
        });
        context.Response.OnCompleted(() =>
        {
            probe.Completed.TrySetResult(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        return "ok";
    }

    private static async Task<string> SlowAsync(Probe probe)
    {
        probe.Entered.TrySetResult();
        await probe.Gate.Task;
        return "finished";
    }

    /// <summary>What the endpoints signal back to a test.</summary>
    public sealed class Probe
    {
        public TaskCompletionSource<int> Completed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

internal sealed record EchoReply(
    string Method,
    string Path,
    string RawTarget,
    string QueryString,
    List<string> Query,
    string Multi,
    string? ContentType,
    long? ContentLength,
    List<string> Cookies,
    string Body);

internal sealed record CorrelationReply(string? CorrelationId, string? RequestId);

internal sealed record WhoAmIReply(
    string Scheme,
    string Host,
    string Protocol,
    string? RemoteIp,
    string TraceIdentifier,
    string? Stage,
    string? LambdaRequestId,
    string? Subject);
