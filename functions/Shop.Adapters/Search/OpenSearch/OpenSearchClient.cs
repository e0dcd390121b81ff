using System.Net;
using System.Net.Http.Headers;
using Shop.Lambda.Aws;

namespace Shop.Adapters.Search.OpenSearch;

/// <summary>
/// Requests to an OpenSearch domain's REST API, signed with Signature Version 4 for the signing
/// name <c>es</c>. Throttling, 5xx and dropped connections are tried again a bounded number of
/// times (every request the index sends is idempotent); every other answer goes back to the
/// caller, which decides which non-2xx answers it expects.
/// </summary>
internal sealed class OpenSearchClient
{
    public const string SigningName = "es";

    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly SigV4Signer _signer;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly AwsRetryOptions _retry;
    private readonly TimeProvider _time;

    public OpenSearchClient(HttpClient http, Uri endpoint, string region, IAwsCredentialsProvider credentials, AwsRetryOptions? retry, TimeProvider? time)
    {
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The OpenSearch endpoint must be an absolute URI.", nameof(endpoint));
        }
        _http = http;
        _base = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _signer = new SigV4Signer(region, SigningName);
        _credentials = credentials;
        _retry = retry ?? AwsRetryOptions.Default;
        _time = time ?? TimeProvider.System;
    }

    /// <param name="path">Relative to the endpoint, already percent-encoded, with its query string.</param>
    public async Task<OpenSearchAnswer> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken, string contentType = "application/json")
    {
        var operation = $"OpenSearch {method} /{path.Split('?')[0]}";
        var payloadHash = body is null ? SigV4Signer.EmptyPayloadHash : SigV4Signer.HashPayload(body);
        for (var attempt = 1; ; attempt++)
        {
            var canRetry = attempt < _retry.MaxAttempts;
            try
            {
                var answer = await SendOnceAsync(operation, method, new Uri(_base, path), body, contentType, payloadHash, cancellationToken);
                if (!canRetry || !answer.IsTransient)
                {
                    return answer;
                }
            }
            catch (HttpRequestException) when (canRetry && !cancellationToken.IsCancellationRequested)
            {
                // The connection failed or dropped before a full answer: nothing to read, try again.
            }
            await Task.Delay(_retry.DelayBefore(attempt), _time, cancellationToken);
        }
    }

    private async Task<OpenSearchAnswer> SendOnceAsync(
        string operation, HttpMethod method, Uri uri, byte[]? body, string contentType, string payloadHash, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken);
        _signer.Sign(request, credentials, _time.GetUtcNow(), payloadHash);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        return new OpenSearchAnswer(operation, response.StatusCode, responseBody, requestId);
    }
}

/// <summary>One answer of the REST API, with its error (type and reason) read when it is one.</summary>
internal sealed record OpenSearchAnswer(string Operation, HttpStatusCode Status, byte[] Body, string? RequestId)
{
    public bool IsSuccess => (int)Status is >= 200 and <= 299;

    public bool IsTransient => Status == HttpStatusCode.TooManyRequests || ((int)Status >= 500 && Status != HttpStatusCode.NotImplemented);

    /// <summary>The OpenSearch error type (<c>version_conflict_engine_exception</c>, ...), or null when the body carries none.</summary>
    public string? ErrorType => IsSuccess ? null : OpenSearchError.Parse(Body).Type;

    public OpenSearchAnswer EnsureSuccess() => IsSuccess ? this : throw Failure();

    public AwsServiceException Failure()
    {
        var (type, reason) = OpenSearchError.Parse(Body);
        return new AwsServiceException(
            Operation,
            type ?? $"Http{(int)Status}",
            reason ?? $"{Operation} answered HTTP {(int)Status} without an error message.",
            Status,
            RequestId);
    }
}
