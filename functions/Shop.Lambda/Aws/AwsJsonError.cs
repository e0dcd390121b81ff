using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Shop.Lambda.Aws;

/// <summary>
/// Reads an AWS JSON-protocol error response. The code comes from the X-Amzn-ErrorType header,
/// else the body's <c>code</c>, else its <c>__type</c>, reduced to the bare shape name (no
/// <c>namespace#</c> prefix, no <c>:url</c> suffix); the message from <c>message</c> or <c>Message</c>.
/// </summary>
internal static class AwsJsonError
{
    private const int MaxRawMessageLength = 512;

    public static AwsServiceException Parse(string operation, HttpStatusCode status, HttpResponseHeaders headers, byte[] body)
    {
        var (bodyCode, message) = ReadBody(body);
        var code = Header(headers, "x-amzn-ErrorType") ?? bodyCode;
        return new AwsServiceException(
            operation,
            code is null ? $"Http{(int)status}" : Sanitize(code),
            message ?? $"{operation} answered HTTP {(int)status} without an error message.",
            status,
            Header(headers, "x-amzn-RequestId") ?? Header(headers, "x-amz-request-id"));
    }

    public static string Sanitize(string code)
    {
        var colon = code.IndexOf(':');
        var withoutUrl = colon < 0 ? code : code[..colon];
        return withoutUrl[(withoutUrl.IndexOf('#') + 1)..].Trim();
    }

    private static (string? Code, string? Message) ReadBody(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Raw(body));
            }
            var root = document.RootElement;
            return (String(root, "code") ?? String(root, "__type"), String(root, "message") ?? String(root, "Message"));
        }
        catch (JsonException)
        {
            // A load balancer or proxy answered instead of the service (an HTML 502, say): keep its words.
            return (null, Raw(body));
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Raw(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body).Trim();
        return text.Length <= MaxRawMessageLength ? text : text[..MaxRawMessageLength];
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault(v => v.Length > 0) : null;
}
