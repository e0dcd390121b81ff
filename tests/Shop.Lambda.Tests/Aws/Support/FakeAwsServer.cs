using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Lambda.Tests.Aws.Support;

internal sealed record RecordedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string Header(string name) =>
        Headers.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"The request had no {name} header.");
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, port 0) that answers with the responses a test
/// scripts, in order, and records every request as it arrived on the wire.
/// </summary>
internal sealed class FakeAwsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Queue<Func<HttpContext, Task>> _responses = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Lock _gate = new();

    private FakeAwsServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeAwsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var server = new FakeAwsServer(builder.Build());
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Endpoint = new Uri(address + "/");
        return server;
    }

    public void Respond(int status, string body, params (string Name, string Value)[] headers) =>
        Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.0";
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }
            await context.Response.WriteAsync(body);
        });

    /// <summary>Resets the connection without an answer, as a crashed or unreachable host would.</summary>
    public void DropConnection() =>
        Enqueue(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // A client error, so the client under test does not retry it away.
    private static async Task RespondUnscripted(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status418ImATeapot;
        await context.Response.WriteAsync("""{"__type":"UnscriptedRequest","message":"The test scripted no response for this request."}""");
    }

    private void Enqueue(Func<HttpContext, Task> respond)
    {
        lock (_gate)
        {
            _responses.Enqueue(respond);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        Func<HttpContext, Task>? respond;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(context.Request.Method, rawTarget, headers, body.ToArray()));
            _responses.TryDequeue(out respond);
        }
        await (respond ?? RespondUnscripted)(context);
    }
}
