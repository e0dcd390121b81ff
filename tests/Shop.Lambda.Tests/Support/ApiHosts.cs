using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Lambda.AspNetCore;
using Shop.Lambda.Events;
using Shop.Lambda.Runtime;

namespace Shop.Lambda.Tests.Support;

/// <summary>One HTTP request as a client sends it: the raw target, headers in order, cookies, body.</summary>
internal sealed record HttpCall(
    string Method,
    string Target,
    IReadOnlyList<(string Name, string Value)>? Headers = null,
    IReadOnlyList<string>? Cookies = null,
    byte[]? Body = null,
    string? ContentType = null);

/// <summary>What a client can observe of a response, minus the hop-by-hop and framing headers each transport sets itself.</summary>
internal sealed record HttpOutcome(int Status, string Headers, string Cookies, byte[] Body)
{
    private static readonly HashSet<string> Framing = new(StringComparer.OrdinalIgnoreCase)
    {
        "date", "server", "content-length", "transfer-encoding", "connection",
    };

    public static HttpOutcome From(int status, IEnumerable<KeyValuePair<string, string>> headers, IEnumerable<string> cookies, byte[] body)
    {
        var kept = headers
            .Where(header => !Framing.Contains(header.Key))
            .Select(header => $"{header.Key.ToLowerInvariant()}: {header.Value}")
            .Order(StringComparer.Ordinal);
        return new HttpOutcome(status, string.Join("\n", kept), string.Join("\n", cookies), body);
    }

    public string BodyText => Encoding.UTF8.GetString(Body);
}

internal interface IApiHost : IAsyncDisposable
{
    Task<HttpOutcome> SendAsync(HttpCall call);
}

/// <summary>The test app served by Kestrel on a real loopback socket.</summary>
internal sealed class KestrelHost : IApiHost
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private KestrelHost(WebApplication app, string baseAddress)
    {
        _app = app;
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false, AutomaticDecompression = DecompressionMethods.None });
        BaseAddress = baseAddress;
    }

    public string BaseAddress { get; }

    public static async Task<KestrelHost> StartAsync(TestApi.Probe? probe = null)
    {
        var app = TestApi.Build(builder => builder.WebHost.UseUrls("http://127.0.0.1:0"), probe);
        await app.StartAsync();
        return new KestrelHost(app, app.Urls.Single());
    }

    public async Task<HttpOutcome> SendAsync(HttpCall call)
    {
        // Send the target exactly as written: no dot-segment removal or unescaping by Uri.
        var uri = new Uri(BaseAddress + call.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), uri);
        foreach (var (name, value) in call.Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (call.Cookies is { Count: > 0 } sent)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", sent));
        }
        if (call.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", call.ContentType);
        }

        using var response = await _client.SendAsync(request);
        var headers = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Where(header => !header.Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            .Select(header => KeyValuePair.Create(header.Key, string.Join(", ", header.Value)));
        var cookies = response.Headers.NonValidated.TryGetValues("Set-Cookie", out var setCookies) ? setCookies.ToList() : [];
        return HttpOutcome.From((int)response.StatusCode, headers, cookies, await response.Content.ReadAsByteArrayAsync());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// The test app behind the bridge, invoked directly with payload 2.0 events: the exact handler
/// <see cref="LambdaServer"/> runs, without a Runtime API in between.
/// </summary>
internal sealed class BridgeHost : IApiHost
{
    private readonly WebApplication _app;
    private readonly CapturingServer _server;

    private BridgeHost(WebApplication app, CapturingServer server)
    {
        _app = app;
        _server = server;
    }

    public static async Task<BridgeHost> StartAsync(TestApi.Probe? probe = null)
    {
        var server = new CapturingServer();
        var app = TestApi.Build(builder =>
        {
            builder.Services.RemoveAll<IServer>();
            builder.Services.AddSingleton<IServer>(server);
        }, probe);
        await app.StartAsync();
        return new BridgeHost(app, server);
    }

    public async Task<byte[]> InvokeAsync(byte[] payload, string lambdaRequestId = "5b2e7c1a-0f3d-4e8b-9a6c-2d1e0f9a8b7c")
    {
        var context = LambdaContext.ForLocalCall(lambdaRequestId, TimeSpan.FromSeconds(30));
        var response = await _server.Handler.InvokeAsync(payload, context, CancellationToken.None);
        return response.ToArray();
    }

    public async Task<HttpApiResponse> InvokeAsync(HttpApiRequest request)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(request, LambdaEventsJsonContext.Default.HttpApiRequest);
        var response = await InvokeAsync(payload);
        return JsonSerializer.Deserialize(response, LambdaEventsJsonContext.Default.HttpApiResponse)!;
    }

    public Task<HttpApiResponse> InvokeFileAsync(string eventFile) =>
        InvokeAsync(EventFiles.Load(eventFile, LambdaEventsJsonContext.Default.HttpApiRequest));

    public async Task<HttpOutcome> SendAsync(HttpCall call) => Outcome(await InvokeAsync(ApiGateway.ToEvent(call)));

    public static HttpOutcome Outcome(HttpApiResponse response)
    {
        var body = response.Body is null ? []
            : response.IsBase64Encoded ? Convert.FromBase64String(response.Body)
            : Encoding.UTF8.GetBytes(response.Body);
        return HttpOutcome.From(
            response.StatusCode,
            response.Headers ?? new Dictionary<string, string>(),
            response.Cookies ?? [],
            body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CapturingServer : IServer
    {
        private ILambdaHandler? _handler;

        public ILambdaHandler Handler => _handler ?? throw new InvalidOperationException("The host has not started.");

        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull
        {
            _handler = HttpApiBridge.Create(application, NullLogger.Instance);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() { }
    }
}

/// <summary>Builds the payload 2.0 event API Gateway would send for a client's request.</summary>
internal static class ApiGateway
{
    public const string DomainName = "k3x9q2w7ab.execute-api.us-east-1.amazonaws.com";

    public static HttpApiRequest ToEvent(HttpCall call, string? requestId = null)
    {
        var split = call.Target.Split('?', 2);
        var headers = new Dictionary<string, string>
        {
            ["host"] = DomainName,
            ["x-forwarded-proto"] = "https",
            ["x-forwarded-for"] = "198.51.100.7",
        };
        // API Gateway lower-cases names and comma-joins repeats.
        foreach (var group in (call.Headers ?? []).GroupBy(header => header.Name.ToLowerInvariant()))
        {
            headers[group.Key] = string.Join(",", group.Select(header => header.Value));
        }
        var text = call.ContentType is { } type && (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal));
        if (call.Body is { } body)
        {
            headers["content-type"] = call.ContentType ?? "application/octet-stream";
            headers["content-length"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new HttpApiRequest
        {
            Version = "2.0",
            RouteKey = "$default",
            RawPath = split[0],
            RawQueryString = split.Length > 1 ? split[1] : "",
            Cookies = call.Cookies is { Count: > 0 } ? call.Cookies : null,
            Headers = headers,
            Body = call.Body is null ? null : text ? Encoding.UTF8.GetString(call.Body) : Convert.ToBase64String(call.Body),
            IsBase64Encoded = call.Body is not null && !text,
            RequestContext = new HttpApiRequestContext
            {
                AccountId = "000000000000",
                ApiId = "k3x9q2w7ab",
                DomainName = DomainName,
                DomainPrefix = "k3x9q2w7ab",
                RequestId = requestId ?? Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..15] + "=",
                RouteKey = "$default",
                Stage = "$default",
                TimeEpoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                Http = new HttpApiHttpDescription
                {
                    Method = call.Method,
                    Path = split[0],
                    Protocol = "HTTP/1.1",
                    SourceIp = "198.51.100.7",
                    UserAgent = "shop-tests",
                },
            },
        };
    }
}
