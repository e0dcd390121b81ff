using System.Text.Json;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.SecretsManager;
using Shop.Lambda.Tests.Aws.Support;

namespace Shop.Lambda.Tests.Aws;

public sealed class SecretsManagerClientTests : IAsyncLifetime
{
    private const string SecretResponse = """{"ARN":"arn:secret","Name":"shop/db","VersionId":"v1","SecretString":"s3cret","VersionStages":["AWSCURRENT"],"CreatedDate":1795451130.0}""";

    private readonly HttpClient _http = new();
    private FakeAwsServer _server = null!;
    private SecretsManagerClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeAwsServer.StartAsync();
        var retry = new AwsRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        _client = new SecretsManagerClient(_http, _server.Endpoint, "eu-west-1", new StaticCredentialsProvider(new AwsCredentials("AKID", "secret")), retry);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SendsPascalCaseJson11Request_WhenGettingSecretValue()
    {
        _server.Respond(200, SecretResponse);

        await _client.GetSecretValueAsync("shop/db", CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("secretsmanager.GetSecretValue", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.Contains("/eu-west-1/secretsmanager/aws4_request", request.Header("Authorization"));
        Assert.Equal("""{"SecretId":"shop/db"}""", request.BodyText);
    }

    [Fact]
    public async Task ReturnsSecretStringAndArn_WhenSecretExists()
    {
        _server.Respond(200, SecretResponse);

        var secret = await _client.GetSecretValueAsync("shop/db", CancellationToken.None);

        Assert.Equal("s3cret", secret.SecretString);
        Assert.Equal("arn:secret", secret.Arn);
        Assert.Equal(["AWSCURRENT"], secret.VersionStages!);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795451130), secret.CreatedDate);
    }

    [Fact]
    public async Task DecodesBase64_WhenSecretIsBinary()
    {
        _server.Respond(200, """{"ARN":"arn:secret","Name":"shop/key","VersionId":"v1","SecretBinary":"AQID"}""");

        var secret = await _client.GetSecretValueAsync("shop/key", CancellationToken.None);

        Assert.Equal([1, 2, 3], secret.SecretBinary!);
    }

    [Fact]
    public async Task KeepsClientRequestToken_WhenCreateSecretIsRetried()
    {
        _server.Respond(503, """{"__type":"InternalServiceError","message":"try later"}""");
        _server.Respond(200, """{"ARN":"arn:secret","Name":"shop/db","VersionId":"v1"}""");

        await _client.CreateSecretAsync(new CreateSecretRequest("shop/db", SecretString: "s3cret"), CancellationToken.None);

        var tokens = _server.Requests.Select(r => ClientRequestToken(r.Body)).ToList();
        Assert.Equal(2, tokens.Count);
        Assert.True(Guid.TryParse(tokens[0], out _));
        Assert.Equal(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task SendsSecretWithFreshToken_WhenPuttingValue()
    {
        _server.Respond(200, """{"ARN":"arn:secret","Name":"shop/db","VersionId":"v2","VersionStages":["AWSCURRENT"]}""");

        var put = await _client.PutSecretValueAsync("shop/db", "new-value", CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("secretsmanager.PutSecretValue", request.Header("X-Amz-Target"));
        Assert.Equal("new-value", JsonDocument.Parse(request.Body).RootElement.GetProperty("SecretString").GetString());
        Assert.True(Guid.TryParse(ClientRequestToken(request.Body), out _));
        Assert.Equal("v2", put.VersionId);
    }

    private static string? ClientRequestToken(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("ClientRequestToken").GetString();
    }
}
