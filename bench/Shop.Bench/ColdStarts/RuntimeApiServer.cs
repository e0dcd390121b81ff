using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Shop.Local.Edge;
using Shop.Local.Functions;

namespace Shop.Bench.ColdStarts;

/// <summary>
/// Shop.Local's Runtime API on a loopback Kestrel port the OS picks, plus one thing the edge does
/// not do: it notes when each function first asks for an invocation, which is where Lambda ends
/// the init phase.
/// </summary>
internal sealed class RuntimeApiServer : IAsyncDisposable
{
    private const string NextSuffix = "/invocation/next";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _firstNext = new(StringComparer.Ordinal);

    private RuntimeApiServer(WebApplication app, FunctionRegistry functions)
    {
        _app = app;
        Functions = functions;
    }

    public FunctionRegistry Functions { get; }

    /// <summary>What a function is given as <c>AWS_LAMBDA_RUNTIME_API</c> (before the per-instance path): <c>127.0.0.1:port</c>.</summary>
    public string Address { get; private set; } = "";

    public static async Task<RuntimeApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new RuntimeApiServer(app, new FunctionRegistry());
        app.Use(server.NoteFirstNextAsync);
        app.MapRuntimeApi(server.Functions);
        await app.StartAsync();
        server.Address = new Uri(app.Urls.Single()).Authority;
        return server;
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp of the function's first <c>/invocation/next</c>, if it got that far.</summary>
    public long? FirstNextOf(string function) => _firstNext.TryGetValue(function, out var at) ? at : null;

    private Task NoteFirstNextAsync(HttpContext context, RequestDelegate next)
    {
        var at = Stopwatch.GetTimestamp();
        var path = context.Request.Path.Value ?? "";
        // /_lambda/{function}/{instance}/2018-06-01/runtime/invocation/next
        if (HttpMethods.IsGet(context.Request.Method) && path.EndsWith(NextSuffix, StringComparison.Ordinal)
            && path.Split('/', 4) is [_, "_lambda", var function, _])
        {
            _firstNext.TryAdd(function, at);
        }
        return next(context);
    }

    public async ValueTask DisposeAsync()
    {
        await Functions.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
