namespace Shop.Local.Edge;

/// <summary>
/// Forwards every AWS call the edge does not serve itself to moto_server, streaming both ways.
/// The Host header is kept, so URLs moto builds (SQS queue URLs) point back at the edge. Presigned
/// S3 URLs are checked first, as S3 checks them (<see cref="PresignedS3Check"/>).
/// </summary>
public sealed class MotoProxy(HttpClient http, Uri moto)
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect",
    };

    public async Task ForwardAsync(HttpContext context)
    {
        if (PresignedS3Check.Refusal(context, DateTimeOffset.UtcNow) is { } refusal)
        {
            await PresignedS3Check.RefuseAsync(context, refusal);
            return;
        }
        var request = context.Request;
        var host = UnsignedServiceHost(request.Path);
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(moto, request.Path.ToUriComponent() + request.QueryString.ToUriComponent()));
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name) || (host is not null && name.Equals("Host", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            if (!forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        if (host is not null)
        {
            forward.Headers.Host = host;
        }
        using var response = await http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>
    /// moto tells services apart by the signature's credential scope or the host name. Unsigned
    /// calls with no service in the host (a user pool's JWKS, fetched as AWS serves it:
    /// <c>/&lt;pool&gt;/.well-known/jwks.json</c>) get the host they have in AWS.
    /// </summary>
    private static string? UnsignedServiceHost(PathString path) =>
        path.Value is { } value && value.EndsWith("/.well-known/jwks.json", StringComparison.Ordinal) && value.Count(c => c == '/') == 3
            ? $"cognito-idp.{LocalAws.Region}.amazonaws.com"
            : null;
}
