using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Lambda.Aws;

/// <summary>
/// The AWS JSON 1.0/1.1 protocol: every operation is a SigV4-signed <c>POST /</c> whose
/// X-Amz-Target names it and whose body is the input as JSON. Transient failures (throttling,
/// 5xx, a dropped connection) are retried a bounded number of times; anything else surfaces as
/// <see cref="AwsServiceException"/> on the first answer.
/// </summary>
public sealed class AwsJsonClient
{
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AwsJsonService _service;
    private readonly SigV4Signer _signer;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly AwsRetryOptions _retry;
    private readonly TimeProvider _time;
    private readonly MediaTypeHeaderValue _contentType;

    public AwsJsonClient(
        HttpClient http,
        Uri endpoint,
        string region,
        AwsJsonService service,
        IAwsCredentialsProvider credentials,
        AwsRetryOptions? retry = null,
        TimeProvider? time = null)
    {
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException("The endpoint must be an absolute URI.", nameof(endpoint));
        }
        _http = http;
        _endpoint = endpoint;
        _service = service;
        _signer = new SigV4Signer(region, service.SigningName);
        _credentials = credentials;
        _retry = retry ?? AwsRetryOptions.Default;
        _retry.Validate();
        _time = time ?? TimeProvider.System;
        _contentType = new MediaTypeHeaderValue(service.ContentType);
    }

    public Uri Endpoint => _endpoint;

    public async Task<TResponse> SendAsync<TRequest, TResponse>(
        string operation,
        TRequest request,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        var target = $"{_service.TargetPrefix}.{operation}";
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        var payloadHash = SigV4Signer.HashPayload(body);

        for (var attempt = 1; ; attempt++)
        {
            var canRetry = attempt < _retry.MaxAttempts;
            try
            {
                var responseBody = await SendOnceAsync(target, body, payloadHash, cancellationToken);
                return JsonSerializer.Deserialize(responseBody.Length == 0 ? EmptyObject : responseBody, responseType)
                    ?? throw new JsonException($"{target} answered with a null body.");
            }
            catch (AwsServiceException error) when (canRetry && error.IsTransient)
            {
                // Throttled or a server-side failure: the same request may well succeed after a pause.
            }
            catch (HttpRequestException) when (canRetry && !cancellationToken.IsCancellationRequested)
            {
                // The connection failed or dropped before a full answer: nothing to parse, try again.
            }
            await Task.Delay(_retry.DelayBefore(attempt), _time, cancellationToken);
        }
    }

    private async Task<byte[]> SendOnceAsync(string target, byte[] body, string payloadHash, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = _contentType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var credentials = await _credentials.GetCredentialsAsync(cancellationToken);
        _signer.Sign(request, credentials, _time.GetUtcNow(), payloadHash);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? responseBody
            : throw AwsJsonError.Parse(target, response.StatusCode, response.Headers, responseBody);
    }
}
