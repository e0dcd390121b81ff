using System.Text.Json.Serialization;

namespace Shop.Lambda.Aws.SecretsManager;

// Secrets Manager members are PascalCase on the wire, as declared here.

public sealed record SecretTag(string Key, string Value);

/// <param name="ClientRequestToken">The idempotency token of the new version; when left out the client picks a UUID, reused by its retries.</param>
public sealed record CreateSecretRequest(
    string Name,
    string? SecretString = null,
    byte[]? SecretBinary = null,
    string? Description = null,
    string? KmsKeyId = null,
    string? ClientRequestToken = null,
    IReadOnlyList<SecretTag>? Tags = null);

public sealed record CreateSecretResponse([property: JsonPropertyName("ARN")] string Arn, string Name, string? VersionId = null);

public sealed record GetSecretValueResponse(
    [property: JsonPropertyName("ARN")] string Arn,
    string Name,
    string VersionId,
    string? SecretString = null,
    byte[]? SecretBinary = null,
    IReadOnlyList<string>? VersionStages = null,
    DateTimeOffset? CreatedDate = null);

public sealed record PutSecretValueResponse(
    [property: JsonPropertyName("ARN")] string Arn,
    string Name,
    string VersionId,
    IReadOnlyList<string>? VersionStages = null);

internal sealed record GetSecretValueRequest(string SecretId, string? VersionId, string? VersionStage);

internal sealed record PutSecretValueRequest(string SecretId, string SecretString, string ClientRequestToken);
