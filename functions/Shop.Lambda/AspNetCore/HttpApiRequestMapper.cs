using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Shop.Lambda.Events;
using Shop.Lambda.Runtime;

namespace Shop.Lambda.AspNetCore;

/// <summary>Reads a payload 2.0 event as the request Kestrel would have parsed from the same bytes.</summary>
internal static class HttpApiRequestMapper
{
    private const string DefaultProtocol = "HTTP/1.1";

    public static HttpRequestFeature ToRequestFeature(HttpApiRequest request)
    {
        var http = request.RequestContext?.Http;
        if (request.Version is { } version && version != "2.0")
        {
            throw new InvalidEventException($"Payload format {version} is not supported; the API integration must use 2.0.");
        }
        var method = http?.Method is { Length: > 0 } m ? m : throw new InvalidEventException("The event has no requestContext.http.method; it is not an HTTP API payload 2.0 event.");
        var rawPath = request.RawPath is { Length: > 0 } p ? p : throw new InvalidEventException("The event has no rawPath.");
        var body = DecodeBody(request);
        var headers = MapHeaders(request, body.Length);

        return new HttpRequestFeature
        {
            Protocol = http.Protocol ?? DefaultProtocol,
            Scheme = Scheme(headers),
            Method = method,
            PathBase = "",
            Path = RequestPath.Decode(rawPath),
            QueryString = request.RawQueryString.Length > 0 ? "?" + request.RawQueryString : "",
            RawTarget = request.RawQueryString.Length > 0 ? $"{rawPath}?{request.RawQueryString}" : rawPath,
            Headers = headers,
            Body = new MemoryStream(body, writable: false),
        };
    }

    public static HttpConnectionFeature ToConnectionFeature(HttpApiRequest request) => new()
    {
        ConnectionId = request.RequestContext?.RequestId ?? "",
        RemoteIpAddress = IPAddress.TryParse(request.RequestContext?.Http?.SourceIp, out var ip) ? ip : null,
    };

    private static byte[] DecodeBody(HttpApiRequest request)
    {
        if (string.IsNullOrEmpty(request.Body))
        {
            return [];
        }
        if (!request.IsBase64Encoded)
        {
            return System.Text.Encoding.UTF8.GetBytes(request.Body);
        }
        try
        {
            return Convert.FromBase64String(request.Body);
        }
        catch (FormatException error)
        {
            throw new InvalidEventException("The event says isBase64Encoded but its body is not base64.", error);
        }
    }

    private static IHeaderDictionary MapHeaders(HttpApiRequest request, int bodyLength)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            headers[name] = value;
        }
        // 2.0 moves the Cookie header out to 'cookies'; put it back the way a browser sends it.
        if (request.Cookies is { Count: > 0 } cookies)
        {
            headers.Cookie = string.Join("; ", cookies);
        }
        if (!headers.ContainsKey(HeaderNames.Host) && request.RequestContext?.DomainName is { Length: > 0 } domain)
        {
            headers.Host = domain;
        }
        // The body is whole and in memory: its length is known, whatever framing the client used.
        if (bodyLength > 0 || headers.ContainsKey(HeaderNames.ContentLength))
        {
            headers.Remove(HeaderNames.TransferEncoding);
            headers.ContentLength = bodyLength;
        }
        return headers;
    }

    private static string Scheme(IHeaderDictionary headers)
    {
        var forwarded = headers["x-forwarded-proto"].ToString();
        var first = forwarded.Split(',', 2)[0].Trim();
        return first.Length > 0 ? first.ToLowerInvariant() : "https";
    }
}
