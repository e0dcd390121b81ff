using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Shop.Lambda.Events;
using Shop.Lambda.Runtime;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.AspNetCore;

public sealed class HttpApiBridgeTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static T Json<T>(HttpApiResponse response) => JsonSerializer.Deserialize<T>(response.Body!, Web)!;

    private static string? Header(HttpApiResponse response, string name) =>
        response.Headers?.FirstOrDefault(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static HttpApiRequest EchoEvent() =>
        EventFiles.Load("platform-echo-apigw.json", LambdaEventsJsonContext.Default.HttpApiRequest);

    private static HttpApiRequest Get(HttpApiRequest request, string rawPath, string rawQuery = "") => request with
    {
        RawPath = rawPath,
        RawQueryString = rawQuery,
        Body = null,
        IsBase64Encoded = false,
        RequestContext = request.RequestContext! with { Http = request.RequestContext.Http! with { Method = "GET", Path = rawPath } },
    };

    [Fact]
    public async Task MapsMethodPathQueryHeadersCookiesAndBody_WhenEchoEventInvoked()
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeFileAsync("platform-echo-apigw.json");

        Assert.Equal(200, response.StatusCode);
        var echo = Json<EchoReply>(response);
        Assert.Equal("POST", echo.Method);
        Assert.Equal("/echo/café/a b/x%2Fy", echo.Path);
        Assert.Equal("/echo/caf%C3%A9/a%20b/x%2Fy?tag=red&tag=blue&q=x%26y&empty=", echo.RawTarget);
        Assert.Equal("?tag=red&tag=blue&q=x%26y&empty=", echo.QueryString);
        Assert.Equal(["tag=red", "tag=blue", "q=x&y", "empty="], echo.Query);
        Assert.Equal("one,two", echo.Multi);
        Assert.Equal(["session=s:8fK2pQ", "theme=dark"], echo.Cookies);
        Assert.Equal("application/octet-stream", echo.ContentType);
        Assert.Equal(14, echo.ContentLength);
        Assert.Equal(EchoEvent().Body, echo.Body);
    }

    [Fact]
    public async Task DecodesPlainBody_WhenEventBodyIsNotBase64()
    {
        await using var host = await BridgeHost.StartAsync();
        var request = EchoEvent() with { Body = "{\"quantity\":2}", IsBase64Encoded = false };

        var echo = Json<EchoReply>(await host.InvokeAsync(request));

        Assert.Equal("{\"quantity\":2}", Encoding.UTF8.GetString(Convert.FromBase64String(echo.Body)));
        Assert.Equal(14, echo.ContentLength);
    }

    [Fact]
    public async Task MapsHostSchemeRemoteIpTraceIdAndLambdaFeature_WhenEventInvoked()
    {
        await using var host = await BridgeHost.StartAsync();

        var who = Json<WhoAmIReply>(await host.InvokeAsync(Get(EchoEvent(), "/whoami")));

        Assert.Equal("https", who.Scheme);
        Assert.Equal("k3x9q2w7ab.execute-api.us-east-1.amazonaws.com", who.Host);
        Assert.Equal("HTTP/1.1", who.Protocol);
        Assert.Equal("198.51.100.10", who.RemoteIp);
        Assert.Equal("YxPq9iLwIAMEbRg=", who.TraceIdentifier);
        Assert.Equal("$default", who.Stage);
        Assert.Equal("5b2e7c1a-0f3d-4e8b-9a6c-2d1e0f9a8b7c", who.LambdaRequestId);
        Assert.Equal("7d2f4a9c-1b3e-4c5d-8e9f-0a1b2c3d4e5f", who.Subject);
    }

    [Fact]
    public async Task UsesDomainNameAsHost_WhenHostHeaderMissing()
    {
        await using var host = await BridgeHost.StartAsync();
        var request = Get(EchoEvent(), "/whoami") with
        {
            Headers = new Dictionary<string, string> { ["x-forwarded-proto"] = "http" },
        };

        var who = Json<WhoAmIReply>(await host.InvokeAsync(request));

        Assert.Equal("k3x9q2w7ab.execute-api.us-east-1.amazonaws.com", who.Host);
        Assert.Equal("http", who.Scheme);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(302)]
    [InlineData(409)]
    [InlineData(503)]
    public async Task ReturnsEndpointStatus_WhenEndpointSetsIt(int status)
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(Get(EchoEvent(), $"/status/{status}"));

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task ReturnsNotFound_WhenNoRouteMatches()
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(Get(EchoEvent(), "/nowhere"));

        Assert.Equal(404, response.StatusCode);
        Assert.Null(response.Body);
    }

    [Fact]
    public async Task PutsEachSetCookieInCookies_WhenResponseSetsSeveral()
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(Get(EchoEvent(), "/cookies"));

        Assert.Equal(
            ["session=s%3A8fK2; expires=Wed, 01 Apr 2026 00:00:00 GMT; path=/; httponly", "theme=dark; path=/"],
            response.Cookies);
        Assert.DoesNotContain(response.Headers!.Keys, name => name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task JoinsRepeatedResponseHeader_WhenValuesSetSeparately()
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(Get(EchoEvent(), "/multi-header"));

        Assert.Equal("one, two", Header(response, "x-multi"));
        Assert.Equal("no-store", Header(response, "cache-control"));
        Assert.Null(response.Cookies);
    }

    [Fact]
    public async Task EncodesBodyAsBase64_WhenContentIsBinary()
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(Get(EchoEvent(), "/binary"));

        Assert.True(response.IsBase64Encoded);
        Assert.Equal("image/png", Header(response, "content-type"));
        Assert.Equal(TestApi.Png, Convert.FromBase64String(response.Body!));
    }

    [Fact]
    public async Task EncodesBodyAsBase64_WhenContentEncodingIsSet()
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(Get(EchoEvent(), "/gzip"));

        Assert.True(response.IsBase64Encoded);
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(response.Body!)), CompressionMode.Decompress);
        Assert.Equal(TestApi.Text, new StreamReader(gzip).ReadToEnd());
    }

    [Theory]
    [InlineData("/text", "text/plain; charset=utf-8")]
    [InlineData("/json", "application/json; charset=utf-8")]
    [InlineData("/problem", "application/problem+json")]
    public async Task ReturnsBodyAsText_WhenContentIsTextual(string path, string contentType)
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(Get(EchoEvent(), path));

        Assert.False(response.IsBase64Encoded);
        Assert.Equal(contentType, Header(response, "content-type"));
        Assert.NotEmpty(response.Body!);
        if (path == "/text")
        {
            Assert.Equal(TestApi.Text, response.Body);
        }
    }

    [Theory]
    [InlineData("text/csv", false)]
    [InlineData("application/xml", false)]
    [InlineData("application/atom+xml", false)]
    [InlineData("application/vnd.api+json", false)]
    [InlineData("application/javascript", false)]
    [InlineData("application/x-www-form-urlencoded", false)]
    [InlineData("application/octet-stream", true)]
    [InlineData("application/pdf", true)]
    [InlineData("image/svg", true)]
    [InlineData(null, true)]
    public async Task ChoosesBase64ByContentType_WhenBodyIsWritten(string? contentType, bool base64)
    {
        await using var host = await BridgeHost.StartAsync();
        var query = contentType is null ? "" : "type=" + Uri.EscapeDataString(contentType);

        var response = await host.InvokeAsync(Get(EchoEvent(), "/typed", query));

        Assert.Equal(base64, response.IsBase64Encoded);
        var body = base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(response.Body!)) : response.Body;
        Assert.Equal("plain ascii", body);
    }

    [Fact]
    public async Task EncodesBodyAsBase64_WhenTextIsNotUtf8()
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(Get(EchoEvent(), "/typed", "type=text%2Fplain%3B%20charset%3Diso-8859-1&latin1=true"));

        Assert.True(response.IsBase64Encoded);
        Assert.Equal([0x63, 0x61, 0x66, 0xE9], Convert.FromBase64String(response.Body!));
    }

    [Fact]
    public async Task Returns500WithoutDetails_WhenEndpointThrows()
    {
        await using var host = await BridgeHost.StartAsync();
        var payload = JsonSerializer.SerializeToUtf8Bytes(Get(EchoEvent(), "/boom"), LambdaEventsJsonContext.Default.HttpApiRequest);

        var raw = Encoding.UTF8.GetString(await host.InvokeAsync(payload));

        var response = JsonSerializer.Deserialize(raw, LambdaEventsJsonContext.Default.HttpApiResponse)!;
        Assert.Equal(500, response.StatusCode);
        Assert.True(string.IsNullOrEmpty(response.Body));
        Assert.DoesNotContain("hunter2", raw);
        Assert.DoesNotContain("Shop.Secret", raw);
        Assert.DoesNotContain("InvalidOperationException", raw);
    }

    [Fact]
    public async Task RunsOnStartingAndOnCompleted_WhenEndpointRegistersThem()
    {
        var probe = new TestApi.Probe();
        await using var host = await BridgeHost.StartAsync(probe);

        var response = await host.InvokeAsync(Get(EchoEvent(), "/callbacks"));

        Assert.Equal("ran", Header(response, "x-on-starting"));
        // Completed before the response is handed back: Lambda may freeze the process right after.
        Assert.True(probe.Completed.Task.IsCompletedSuccessfully);
        Assert.Equal(200, await probe.Completed.Task);
    }

    [Fact]
    public async Task OmitsBody_WhenMethodIsHead()
    {
        await using var host = await BridgeHost.StartAsync();
        var head = ApiGateway.ToEvent(new HttpCall("HEAD", "/text"));

        var response = await host.InvokeAsync(head);

        Assert.Equal(200, response.StatusCode);
        Assert.Null(response.Body);
    }

    [Fact]
    public async Task Returns400_WhenPathHasEncodedNul()
    {
        await using var host = await BridgeHost.StartAsync();

        var response = await host.InvokeAsync(ApiGateway.ToEvent(new HttpCall("GET", "/echo/a%00b")));

        Assert.Equal(400, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"version":"2.0","rawPath":""")]
    [InlineData("""[1,2]""")]
    [InlineData("""null""")]
    [InlineData("""{"version":"1.0","resource":"/health","path":"/health","httpMethod":"GET","requestContext":{}}""")]
    [InlineData("""{"Records":[{"eventSource":"aws:sqs","body":"{}"}]}""")]
    [InlineData("""{"version":"2.0","rawPath":"/echo/x","body":"***","isBase64Encoded":true,"requestContext":{"http":{"method":"POST"}}}""")]
    public async Task ThrowsInvalidEvent_WhenPayloadIsNotAnHttpApi20Event(string payload)
    {
        await using var host = await BridgeHost.StartAsync();

        await Assert.ThrowsAsync<InvalidEventException>(() => host.InvokeAsync(Encoding.UTF8.GetBytes(payload)));
    }
}
