using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.SecretsManager;

namespace Shop.Integration.Tests.Aws;

[Collection(MotoCollection.Name)]
public sealed class SecretsManagerClientTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly SecretsManagerClient _client;

    public SecretsManagerClientTests(MotoFixture moto)
    {
        _client = new SecretsManagerClient(_http, moto.Endpoint, MotoFixture.Region, new StaticCredentialsProvider(MotoFixture.Credentials));
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task ReturnsStoredString_WhenSecretCreated()
    {
        var name = UniqueName();
        var created = await _client.CreateSecretAsync(new CreateSecretRequest(name, SecretString: """{"username":"shop","password":"p@ss"}"""), CancellationToken.None);

        var secret = await _client.GetSecretValueAsync(name, CancellationToken.None);

        Assert.Equal("""{"username":"shop","password":"p@ss"}""", secret.SecretString);
        Assert.Equal(name, secret.Name);
        Assert.Equal(created.Arn, secret.Arn);
        Assert.Equal(created.VersionId, secret.VersionId);
    }

    [Fact]
    public async Task ReturnsLatestValueAsCurrent_WhenNewValuePut()
    {
        var name = UniqueName();
        await _client.CreateSecretAsync(new CreateSecretRequest(name, SecretString: "first"), CancellationToken.None);

        var put = await _client.PutSecretValueAsync(name, "second", CancellationToken.None);

        var secret = await _client.GetSecretValueAsync(name, CancellationToken.None);
        Assert.Equal("second", secret.SecretString);
        Assert.Equal(put.VersionId, secret.VersionId);
        Assert.Contains("AWSCURRENT", secret.VersionStages!);
    }

    [Fact]
    public async Task ReturnsStoredBytes_WhenSecretIsBinary()
    {
        var name = UniqueName();
        await _client.CreateSecretAsync(new CreateSecretRequest(name, SecretBinary: [0, 1, 2, 254, 255]), CancellationToken.None);

        var secret = await _client.GetSecretValueAsync(name, CancellationToken.None);

        Assert.Equal([0, 1, 2, 254, 255], secret.SecretBinary!);
    }

    [Fact]
    public async Task ThrowsResourceNotFound_WhenSecretDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _client.GetSecretValueAsync(UniqueName(), CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
    }

    private static string UniqueName() => $"shop/test/{Guid.NewGuid():N}";
}
