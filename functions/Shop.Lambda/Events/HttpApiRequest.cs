using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Lambda.Events;

/// <summary>
/// An API Gateway HTTP API request in payload format 2.0. Repeated headers and query keys arrive
/// comma-joined in <see cref="Headers"/> and <see cref="QueryStringParameters"/>;
/// <see cref="RawQueryString"/> keeps them apart.
/// </summary>
public sealed record HttpApiRequest
{
    public string? Version { get; init; }
    public string? RouteKey { get; init; }
    public string? RawPath { get; init; }
    public string RawQueryString { get; init => field = value ?? ""; } = "";
    public IReadOnlyList<string>? Cookies { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }
    public HttpApiRequestContext? RequestContext { get; init; }
}

public sealed record HttpApiRequestContext
{
    public string? AccountId { get; init; }
    public string? ApiId { get; init; }
    public string? DomainName { get; init; }
    public string? DomainPrefix { get; init; }
    public HttpApiHttpDescription? Http { get; init; }
    public string? RequestId { get; init; }
    public string? RouteKey { get; init; }
    public string? Stage { get; init; }

    /// <summary>The request time as API Gateway formats it, e.g. <c>04/Mar/2026:10:15:30 +0000</c>.</summary>
    public string? Time { get; init; }

    /// <summary>The request time in Unix milliseconds.</summary>
    public long TimeEpoch { get; init; }

    public HttpApiAuthorizer? Authorizer { get; init; }
    public HttpApiAuthentication? Authentication { get; init; }
}

public sealed record HttpApiHttpDescription
{
    public string? Method { get; init; }
    public string? Path { get; init; }
    public string? Protocol { get; init; }
    public string? SourceIp { get; init; }
    public string? UserAgent { get; init; }
}

/// <summary>What the route's authorizer established: JWT claims and scopes, a Lambda authorizer's context, or an IAM caller.</summary>
public sealed record HttpApiAuthorizer
{
    public HttpApiJwtAuthorizer? Jwt { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Lambda { get; init; }
    public HttpApiIamAuthorizer? Iam { get; init; }
}

public sealed record HttpApiJwtAuthorizer
{
    /// <summary>
    /// Claims as API Gateway passes them: every value a string (arrays flattened to <c>[a b]</c>).
    /// A non-string value from another emitter is kept as its JSON text.
    /// </summary>
    [JsonConverter(typeof(StringMapConverter))]
    public IReadOnlyDictionary<string, string>? Claims { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }
}

public sealed record HttpApiIamAuthorizer
{
    public string? AccessKey { get; init; }
    public string? AccountId { get; init; }
    public string? CallerId { get; init; }
    public string? PrincipalOrgId { get; init; }
    public string? UserArn { get; init; }
    public string? UserId { get; init; }
}

/// <summary>Mutual TLS details, present when the custom domain requires client certificates.</summary>
public sealed record HttpApiAuthentication
{
    public HttpApiClientCertificate? ClientCert { get; init; }
}

public sealed record HttpApiClientCertificate
{
    public string? ClientCertPem { get; init; }

    [JsonPropertyName("subjectDN")]
    public string? SubjectDn { get; init; }

    [JsonPropertyName("issuerDN")]
    public string? IssuerDn { get; init; }

    public string? SerialNumber { get; init; }
    public HttpApiCertificateValidity? Validity { get; init; }
}

public sealed record HttpApiCertificateValidity
{
    public string? NotBefore { get; init; }
    public string? NotAfter { get; init; }
}
