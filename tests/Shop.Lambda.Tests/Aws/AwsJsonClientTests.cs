using System.Net;
using Shop.Lambda.Aws;
using Shop.Lambda.Tests.Aws.Support;

namespace Shop.Lambda.Tests.Aws;

public sealed class AwsJsonClientTests : IAsyncLifetime
{
    private static readonly AwsCredentials Credentials = new("AKIDTEST", "secret-test", "token-test");
    private static readonly AwsJsonService Service = new("states", "Test_20240101", "1.0");
    private static readonly AwsRetryOptions FastRetry = new() { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private readonly HttpClient _http = new();
    private FakeAwsServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAwsServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task PostsJsonToRootWithTarget_WhenSendingOperation()
    {
        _server.Respond(200, """{"echo":"hi"}""");

        await Ping();

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.RawTarget);
        Assert.Equal("Test_20240101.Ping", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", request.Header("Content-Type"));
        Assert.Equal("""{"name":"hi"}""", request.BodyText);
    }

    [Fact]
    public async Task SendsSignatureTheServerCanVerify_WhenSendingOperation()
    {
        _server.Respond(200, """{"echo":"hi"}""");

        await Ping();

        var request = Assert.Single(_server.Requests);
        var (expected, received) = SignatureCheck.Signatures(request, Credentials);
        Assert.Equal(expected, received);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/", request.Header("Authorization"));
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,", request.Header("Authorization"));
        Assert.Equal("token-test", request.Header("X-Amz-Security-Token"));
    }

    [Fact]
    public async Task ReturnsDeserializedResponse_WhenServiceAnswersOk()
    {
        _server.Respond(200, """{"echo":"pong","extra":1}""");

        var response = await Ping();

        Assert.Equal("pong", response.Echo);
    }

    [Fact]
    public async Task ReturnsEmptyOutput_WhenServiceAnswersWithEmptyBody()
    {
        _server.Respond(200, "");

        var response = await Client().SendAsync("Nothing", new PingRequest("x"), TestJsonContext.Default.PingRequest, TestJsonContext.Default.NoOutput, CancellationToken.None);

        Assert.NotNull(response);
    }

    [Fact]
    public async Task ThrowsBareErrorCodeWithMessageAndRequestId_WhenTypeCarriesNamespace()
    {
        _server.Respond(400, """{"__type":"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist","message":"Execution Does Not Exist: 'arn'"}""", ("x-amzn-RequestId", "req-123"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(Ping);

        Assert.Equal("ExecutionDoesNotExist", error.ErrorCode);
        Assert.Equal("Execution Does Not Exist: 'arn'", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal("req-123", error.RequestId);
        Assert.Equal("Test_20240101.Ping", error.Operation);
    }

    [Fact]
    public async Task ReadsCapitalizedMessage_WhenServiceSpellsItMessage()
    {
        _server.Respond(400, """{"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(Ping);

        Assert.Equal("Secrets Manager can't find the specified secret.", error.Message);
    }

    [Fact]
    public async Task TakesCodeFromErrorTypeHeader_WhenHeaderPresent()
    {
        _server.Respond(400, """{"message":"1 validation error detected"}""", ("X-Amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/"));

        var error = await Assert.ThrowsAsync<AwsServiceException>(Ping);

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task KeepsProxyText_WhenErrorBodyIsNotJson()
    {
        _server.Respond(403, "<html><body>Forbidden by proxy</body></html>");

        var error = await Assert.ThrowsAsync<AwsServiceException>(Ping);

        Assert.Equal("Http403", error.ErrorCode);
        Assert.Contains("Forbidden by proxy", error.Message);
    }

    [Fact]
    public async Task DoesNotRetry_WhenErrorIsTheCallersFault()
    {
        _server.Respond(400, """{"__type":"ValidationException","message":"bad"}""");
        _server.Respond(200, """{"echo":"too late"}""");

        await Assert.ThrowsAsync<AwsServiceException>(Ping);

        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task RetriesAndSucceeds_WhenThrottled()
    {
        _server.Respond(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}""");
        _server.Respond(200, """{"echo":"after throttling"}""");

        var response = await Ping();

        Assert.Equal("after throttling", response.Echo);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task RetriesAndSucceeds_WhenServiceIsUnavailable()
    {
        _server.Respond(503, """{"__type":"ServiceUnavailable","message":"try later"}""");
        _server.Respond(200, """{"echo":"after 503"}""");

        var response = await Ping();

        Assert.Equal("after 503", response.Echo);
    }

    [Fact]
    public async Task RetriesAndSucceeds_WhenConnectionDrops()
    {
        _server.DropConnection();
        _server.Respond(200, """{"echo":"after reset"}""");

        var response = await Ping();

        Assert.Equal("after reset", response.Echo);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task GivesUpAfterMaxAttempts_WhenServiceKeepsFailing()
    {
        for (var i = 0; i < 4; i++)
        {
            _server.Respond(500, """{"__type":"InternalFailure","message":"boom"}""");
        }

        var error = await Assert.ThrowsAsync<AwsServiceException>(Ping);

        Assert.Equal(HttpStatusCode.InternalServerError, error.HttpStatus);
        Assert.Equal(FastRetry.MaxAttempts, _server.Requests.Count);
    }

    [Fact]
    public async Task ThrowsConnectionFailure_WhenConnectionKeepsDropping()
    {
        for (var i = 0; i < 4; i++)
        {
            _server.DropConnection();
        }

        await Assert.ThrowsAsync<HttpRequestException>(Ping);

        Assert.Equal(FastRetry.MaxAttempts, _server.Requests.Count);
    }

    [Fact]
    public async Task SignsEachAttemptAnew_WhenRetrying()
    {
        var clock = new SteppingTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), TimeSpan.FromMinutes(1));
        _server.Respond(503, """{"__type":"ServiceUnavailable","message":"try later"}""");
        _server.Respond(200, """{"echo":"ok"}""");

        await Client(clock).SendAsync("Ping", new PingRequest("hi"), TestJsonContext.Default.PingRequest, TestJsonContext.Default.PingResponse, CancellationToken.None);

        Assert.Equal(["20260102T030405Z", "20260102T030505Z"], _server.Requests.Select(r => r.Header("X-Amz-Date")));
        Assert.All(_server.Requests, request =>
        {
            var (expected, received) = SignatureCheck.Signatures(request, Credentials);
            Assert.Equal(expected, received);
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(AwsRetryOptions.MaxAttemptsLimit + 1)]
    public void RejectsRetryOptions_WhenMaxAttemptsOutOfBounds(int maxAttempts)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Client(retry: new AwsRetryOptions { MaxAttempts = maxAttempts }));
    }

    private Task<PingResponse> Ping() =>
        Client().SendAsync("Ping", new PingRequest("hi"), TestJsonContext.Default.PingRequest, TestJsonContext.Default.PingResponse, CancellationToken.None);

    private AwsJsonClient Client(TimeProvider? time = null, AwsRetryOptions? retry = null) =>
        new(_http, _server.Endpoint, "us-east-1", Service, new StaticCredentialsProvider(Credentials), retry ?? FastRetry, time);

    /// <summary>Each reading of the clock is one step later than the last.</summary>
    private sealed class SteppingTimeProvider(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        private int _readings;

        public override DateTimeOffset GetUtcNow() => start + step * (Interlocked.Increment(ref _readings) - 1);
    }
}
