namespace Shop.Lambda.Aws.SecretsManager;

/// <summary>AWS Secrets Manager over its JSON 1.1 API (target prefix and signing name secretsmanager).</summary>
public sealed class SecretsManagerClient
{
    public const string ServiceId = "Secrets Manager";
    public const string EndpointPrefix = "secretsmanager";

    public static AwsJsonService Service { get; } = new("secretsmanager", "secretsmanager", "1.1");

    private static readonly SecretsManagerJsonContext Json = SecretsManagerJsonContext.Default;

    private readonly AwsJsonClient _client;

    public SecretsManagerClient(
        HttpClient http,
        Uri endpoint,
        string region,
        IAwsCredentialsProvider credentials,
        AwsRetryOptions? retry = null,
        TimeProvider? time = null)
    {
        _client = new AwsJsonClient(http, endpoint, region, Service, credentials, retry, time);
    }

    public static Uri ResolveEndpoint(string region, Func<string, string?> environment) =>
        AwsEndpoints.Resolve(ServiceId, EndpointPrefix, region, environment);

    /// <summary>The AWSCURRENT version of the secret.</summary>
    /// <param name="secretId">The secret's name or ARN.</param>
    public Task<GetSecretValueResponse> GetSecretValueAsync(string secretId, CancellationToken cancellationToken) =>
        GetSecretValueAsync(secretId, versionStage: null, cancellationToken);

    /// <param name="versionStage">e.g. AWSPREVIOUS while a rotation is under way; AWSCURRENT when null.</param>
    public Task<GetSecretValueResponse> GetSecretValueAsync(string secretId, string? versionStage, CancellationToken cancellationToken) =>
        _client.SendAsync("GetSecretValue", new GetSecretValueRequest(secretId, null, versionStage), Json.GetSecretValueRequest, Json.GetSecretValueResponse, cancellationToken);

    public Task<CreateSecretResponse> CreateSecretAsync(CreateSecretRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync(
            "CreateSecret",
            request with { ClientRequestToken = request.ClientRequestToken ?? NewRequestToken() },
            Json.CreateSecretRequest,
            Json.CreateSecretResponse,
            cancellationToken);

    /// <summary>Stores a new version of the secret and makes it AWSCURRENT.</summary>
    public Task<PutSecretValueResponse> PutSecretValueAsync(string secretId, string secretString, CancellationToken cancellationToken) =>
        _client.SendAsync("PutSecretValue", new PutSecretValueRequest(secretId, secretString, NewRequestToken()), Json.PutSecretValueRequest, Json.PutSecretValueResponse, cancellationToken);

    // The token is fixed before the first attempt, so a retry of a call that did land creates no second version.
    private static string NewRequestToken() => Guid.NewGuid().ToString();
}
