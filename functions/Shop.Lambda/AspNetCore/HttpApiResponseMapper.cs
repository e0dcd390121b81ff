using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Shop.Lambda.Events;

namespace Shop.Lambda.AspNetCore;

/// <summary>Writes a finished response as the payload 2.0 response API Gateway turns back into HTTP.</summary>
internal static class HttpApiResponseMapper
{
    public static HttpApiResponse ToHttpApiResponse(int statusCode, IHeaderDictionary headers, ArraySegment<byte> body, bool suppressBody)
    {
        var single = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        List<string>? cookies = null;
        foreach (var (name, values) in headers)
        {
            // API Gateway emits one Set-Cookie per 'cookies' entry; joining them with commas would break Expires dates.
            if (string.Equals(name, HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                cookies ??= [];
                cookies.AddRange(NonEmpty(values));
                continue;
            }
            single[name] = string.Join(", ", NonEmpty(values));
        }

        var hasBody = !suppressBody && body.Count > 0;
        var binary = hasBody && IsBinary(headers, body);
        return new HttpApiResponse
        {
            StatusCode = statusCode,
            Headers = single,
            Cookies = cookies,
            Body = !hasBody ? null : binary ? Convert.ToBase64String(body) : Encoding.UTF8.GetString(body),
            IsBase64Encoded = binary,
        };
    }

    /// <summary>
    /// API Gateway carries a non-base64 body as UTF-8 text, so anything else (non-text types,
    /// compressed bodies, text that is not valid UTF-8) must travel as base64.
    /// </summary>
    internal static bool IsBinary(IHeaderDictionary headers, ReadOnlySpan<byte> body) =>
        !StringValues.IsNullOrEmpty(headers.ContentEncoding)
        || !ContentTypes.IsTextual(headers.ContentType)
        || !Utf8.IsValid(body);

    private static IEnumerable<string> NonEmpty(StringValues values)
    {
        foreach (var value in values)
        {
            if (value is not null)
            {
                yield return value;
            }
        }
    }
}
