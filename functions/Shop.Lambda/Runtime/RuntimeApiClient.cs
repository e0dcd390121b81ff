using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Lambda.Runtime;

/// <summary>One invocation taken from <c>/runtime/invocation/next</c>.</summary>
public sealed record Invocation(LambdaContext Context, ReadOnlyMemory<byte> Payload);

/// <summary>
/// The Lambda Runtime API (2018-06-01) as documented for custom runtimes: long-poll for the next
/// event, post its response or error, or post an init error when the function cannot start.
/// </summary>
public sealed class RuntimeApiClient
{
    public const string EnvironmentVariable = "AWS_LAMBDA_RUNTIME_API";
    private const string Version = "2018-06-01";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly string _baseUri;
    private readonly TimeProvider _time;

    /// <param name="runtimeApi">The value of AWS_LAMBDA_RUNTIME_API: <c>host:port</c>, optionally followed by a path prefix.</param>
    public RuntimeApiClient(HttpClient http, string runtimeApi, TimeProvider? time = null)
    {
        _http = http;
        _baseUri = $"http://{runtimeApi.TrimEnd('/')}/{Version}/runtime";
        _time = time ?? TimeProvider.System;
    }

    public static RuntimeApiClient FromEnvironment(HttpClient http)
    {
        var api = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(api))
        {
            throw new InvalidOperationException($"{EnvironmentVariable} is not set: this process is not running under a Lambda Runtime API.");
        }
        return new RuntimeApiClient(http, api);
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"{_baseUri}/invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var headers = response.Headers;
        var requestId = Header(headers, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("The Runtime API returned an invocation without Lambda-Runtime-Aws-Request-Id.");
        var deadlineMs = Header(headers, "Lambda-Runtime-Deadline-Ms");
        var deadline = long.TryParse(deadlineMs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : _time.GetUtcNow().AddMinutes(15);
        var context = new LambdaContext(
            requestId,
            deadline,
            Header(headers, "Lambda-Runtime-Invoked-Function-Arn") ?? "",
            Header(headers, "Lambda-Runtime-Trace-Id"),
            Header(headers, "Lambda-Runtime-Client-Context"),
            Header(headers, "Lambda-Runtime-Cognito-Identity"),
            _time);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new Invocation(context, payload);
    }

    public async Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync($"{_baseUri}/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public Task SendErrorAsync(string requestId, Exception error, CancellationToken cancellationToken) =>
        PostErrorAsync($"{_baseUri}/invocation/{Uri.EscapeDataString(requestId)}/error", ErrorReport.From(error), cancellationToken);

    public Task SendInitErrorAsync(Exception error, CancellationToken cancellationToken) =>
        PostErrorAsync($"{_baseUri}/init/error", ErrorReport.From(error), cancellationToken);

    private async Task PostErrorAsync(string uri, ErrorReport report, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(report, RuntimeJsonContext.Default.ErrorReport));
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", report.ErrorType);
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

/// <summary>
/// The error document Lambda returns to the caller. It carries the type and message only: stack
/// traces go to the function's log, not to whoever invoked it.
/// </summary>
public sealed record ErrorReport(string ErrorType, string ErrorMessage)
{
    public static ErrorReport From(Exception error) => new(error.GetType().Name, error.Message);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ErrorReport))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
