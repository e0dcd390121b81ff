using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Shop.Lambda.Aws;

namespace Shop.Local.Edge;

/// <summary>
/// What S3 checks of a presigned URL and moto does not: the signature over the method, the key,
/// the query and the signed headers (so a URL for one key cannot write another, and the signed
/// Content-Type must be sent), and the expiry. Requests signed in the Authorization header pass
/// through untouched, as do requests for other services.
/// </summary>
public static class PresignedS3Check
{
    /// <summary>Null when the request may go on; otherwise S3's error code and message.</summary>
    public static (string Code, string Message)? Refusal(HttpContext context, DateTimeOffset now)
    {
        var query = context.Request.Query;
        if (!query.TryGetValue("X-Amz-Signature", out var signature) || query["X-Amz-Credential"].ToString() is not { } credential
            || credential.Split('/') is not [var accessKey, var date, var region, "s3", "aws4_request"])
        {
            return null;
        }
        if (accessKey != LocalAws.AccessKeyId)
        {
            return ("InvalidAccessKeyId", "The AWS access key id you provided does not exist in our records.");
        }
        if (!DateTimeOffset.TryParseExact(query["X-Amz-Date"].ToString(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || !signedAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture).Equals(date, StringComparison.Ordinal)
            || !int.TryParse(query["X-Amz-Expires"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return ("AuthorizationQueryParametersError", "X-Amz-Date, X-Amz-Credential or X-Amz-Expires is malformed.");
        }
        if (now > signedAt.AddSeconds(expires))
        {
            return ("AccessDenied", "Request has expired");
        }
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        var split = target.IndexOf('?', StringComparison.Ordinal);
        var path = split < 0 ? target : target[..split];
        var unsigned = string.Join('&', (split < 0 ? "" : target[(split + 1)..]).Split('&')
            .Where(p => !p.StartsWith("X-Amz-Signature=", StringComparison.Ordinal)));
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in query["X-Amz-SignedHeaders"].ToString().Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = name == "host" ? context.Request.Host.Value : context.Request.Headers[name].ToString();
            headers.Add(new(name, value ?? ""));
        }
        var expected = new SigV4Signer(region, "s3").ComputeSignature(
            new SigV4Request(context.Request.Method, path, unsigned, headers, SigV4Signer.UnsignedPayload),
            new AwsCredentials(LocalAws.AccessKeyId, LocalAws.SecretAccessKey),
            signedAt);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected.Signature), Encoding.ASCII.GetBytes(signature.ToString()))
            ? null
            : ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }

    public static async Task RefuseAsync(HttpContext context, (string Code, string Message) refusal)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{refusal.Code}</Code><Message>{System.Security.SecurityElement.Escape(refusal.Message)}</Message></Error>");
    }
}
