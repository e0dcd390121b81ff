using System.Collections.Frozen;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Shop.Lambda.Aws;

/// <summary>
/// The parts of an HTTP request that Signature Version 4 covers, as they travel on the wire: the
/// path and query still percent-encoded, every header to sign (host and x-amz-date included).
/// </summary>
public sealed record SigV4Request(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadHash);

/// <summary>Each intermediate of a signature, so a mismatch can be traced to the step that differs.</summary>
public sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string SignedHeaders,
    string Signature,
    string Authorization);

/// <summary>
/// AWS Signature Version 4 for one region and signing name, as documented in "Create a signed
/// AWS API request": canonical request, string to sign, derived signing key, and the result in an
/// Authorization header or (presigned URLs) in the query string.
/// </summary>
public sealed class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private static readonly TimeSpan MaxPresignedLifetime = TimeSpan.FromDays(7);

    // Hop-by-hop headers and those a proxy, HttpClient or X-Ray may add or rewrite after signing.
    // Content-Length is left out too: HttpClient computes it at send time, and framing is not what
    // the signature protects; the payload hash is.
    private static readonly FrozenSet<string> UnsignedHeaders = FrozenSet.ToFrozenSet(
        ["authorization", "connection", "content-length", "expect", "keep-alive", "proxy-authorization",
         "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"],
        StringComparer.OrdinalIgnoreCase);

    private readonly bool _sendContentSha256;

    /// <param name="region">The region in the credential scope, e.g. us-east-1.</param>
    /// <param name="service">The signing name (states, secretsmanager, s3, es, ...), not the endpoint prefix.</param>
    /// <param name="sendContentSha256">Whether to send x-amz-content-sha256; S3 requires it, so it defaults to on for s3 only.</param>
    public SigV4Signer(string region, string service, bool? sendContentSha256 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        Region = region;
        Service = service;
        _sendContentSha256 = sendContentSha256 ?? IsS3;
    }

    public string Region { get; }
    public string Service { get; }

    private bool IsS3 => Service == "s3";

    public static string HashPayload(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    /// <summary>Signs exactly the headers given; the caller has already put host and x-amz-date among them.</summary>
    public SigV4Signature ComputeSignature(SigV4Request request, AwsCredentials credentials, DateTimeOffset time)
    {
        var scope = CredentialScope(time);
        var (canonicalHeaders, signedHeaders) = SigV4Canonical.Headers(request.Headers);
        var canonicalRequest = string.Join('\n',
            request.Method.ToUpperInvariant(),
            SigV4Canonical.Path(request.Path, IsS3),
            SigV4Canonical.Query(request.Query),
            canonicalHeaders,
            signedHeaders,
            request.PayloadHash);
        var stringToSign = string.Join('\n',
            Algorithm,
            AmzDate(time),
            scope,
            HashPayload(Encoding.UTF8.GetBytes(canonicalRequest)));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(credentials, time), Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(canonicalRequest, stringToSign, signedHeaders, signature, authorization);
    }

    /// <summary>
    /// Sets x-amz-date, x-amz-security-token (temporary credentials), x-amz-content-sha256 (when
    /// on) and Authorization on the request. Signing again, e.g. for a retry, replaces them.
    /// </summary>
    /// <param name="payloadHash">Hex SHA-256 of the body, or <see cref="UnsignedPayload"/> where the service accepts it.</param>
    public SigV4Signature Sign(HttpRequestMessage request, AwsCredentials credentials, DateTimeOffset time, string payloadHash)
    {
        var uri = AbsoluteUri(request.RequestUri);
        SetAmzHeaders(request.Headers, credentials, time, payloadHash);
        var signature = ComputeSignature(
            new SigV4Request(request.Method.Method, uri.AbsolutePath, uri.Query, HeadersToSign(request, uri), payloadHash),
            credentials,
            time);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return signature;
    }

    /// <summary>Signs the request with the SHA-256 of its body, which is buffered to compute it.</summary>
    public async Task<SigV4Signature> SignAsync(HttpRequestMessage request, AwsCredentials credentials, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var payloadHash = request.Content is null
            ? EmptyPayloadHash
            : HashPayload(await request.Content.ReadAsByteArrayAsync(cancellationToken));
        return Sign(request, credentials, time, payloadHash);
    }

    /// <summary>
    /// A URL that carries its own authorization in the query string (X-Amz-Algorithm ...
    /// X-Amz-Signature), for handing to a client that has no credentials, e.g. an S3 upload.
    /// Whoever uses it must send the <paramref name="signedHeaders"/> with the same values. Hand
    /// out <see cref="Uri.AbsoluteUri"/>, which keeps the encoding the signature was computed over.
    /// </summary>
    public Uri Presign(
        HttpMethod method,
        Uri uri,
        AwsCredentials credentials,
        DateTimeOffset time,
        TimeSpan expiresIn,
        IReadOnlyList<KeyValuePair<string, string>>? signedHeaders = null)
    {
        uri = AbsoluteUri(uri);
        if (expiresIn < TimeSpan.FromSeconds(1) || expiresIn > MaxPresignedLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresIn), expiresIn, "A presigned URL lives between one second and seven days.");
        }
        List<KeyValuePair<string, string>> headers = [new("host", HostHeader(uri)), .. signedHeaders ?? []];
        var query = PresignQuery(uri, credentials, time, expiresIn, SigV4Canonical.Headers(headers).Signed);
        var payloadHash = IsS3 ? UnsignedPayload : EmptyPayloadHash;
        var signature = ComputeSignature(new SigV4Request(method.Method, uri.AbsolutePath, query, headers, payloadHash), credentials, time);
        return new Uri($"{uri.GetLeftPart(UriPartial.Path)}?{query}&X-Amz-Signature={signature.Signature}");
    }

    private string PresignQuery(Uri uri, AwsCredentials credentials, DateTimeOffset time, TimeSpan expiresIn, string signedHeaders)
    {
        List<KeyValuePair<string, string>> parameters =
        [
            new("X-Amz-Algorithm", Algorithm),
            new("X-Amz-Credential", $"{credentials.AccessKeyId}/{CredentialScope(time)}"),
            new("X-Amz-Date", AmzDate(time)),
            new("X-Amz-Expires", ((long)expiresIn.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            new("X-Amz-SignedHeaders", signedHeaders),
        ];
        if (credentials.SessionToken is { } token)
        {
            parameters.Add(new("X-Amz-Security-Token", token));
        }
        var existing = uri.Query.TrimStart('?');
        var added = string.Join('&', parameters.Select(p => $"{SigV4Canonical.Encode(p.Key)}={SigV4Canonical.Encode(p.Value)}"));
        return existing.Length == 0 ? added : $"{existing}&{added}";
    }

    private void SetAmzHeaders(HttpRequestHeaders headers, AwsCredentials credentials, DateTimeOffset time, string payloadHash)
    {
        foreach (var owned in (string[])["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256"])
        {
            headers.Remove(owned);
        }
        headers.TryAddWithoutValidation("X-Amz-Date", AmzDate(time));
        if (credentials.SessionToken is { } token)
        {
            headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }
        if (_sendContentSha256)
        {
            headers.TryAddWithoutValidation("X-Amz-Content-Sha256", payloadHash);
        }
    }

    private static List<KeyValuePair<string, string>> HeadersToSign(HttpRequestMessage request, Uri uri)
    {
        var headers = new List<KeyValuePair<string, string>> { new("host", request.Headers.Host ?? HostHeader(uri)) };
        AddSignable(headers, request.Headers.NonValidated);
        if (request.Content is not null)
        {
            AddSignable(headers, request.Content.Headers.NonValidated);
        }
        return headers;
    }

    private static void AddSignable(List<KeyValuePair<string, string>> signed, HttpHeadersNonValidated headers)
    {
        foreach (var (name, values) in headers)
        {
            if (UnsignedHeaders.Contains(name) || name.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                signed.Add(new(name, value));
            }
        }
    }

    // What HttpClient sends as Host: the port only when it is not the scheme's default.
    private static string HostHeader(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static Uri AbsoluteUri(Uri? uri) =>
        uri is { IsAbsoluteUri: true } ? uri : throw new ArgumentException("SigV4 signs absolute URIs only: the host is part of the signature.", nameof(uri));

    private string CredentialScope(DateTimeOffset time) => $"{ScopeDate(time)}/{Region}/{Service}/aws4_request";

    private byte[] SigningKey(AwsCredentials credentials, DateTimeOffset time)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), Encoding.UTF8.GetBytes(ScopeDate(time)));
        foreach (var part in (string[])[Region, Service, "aws4_request"])
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        return key;
    }

    private static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static string ScopeDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
