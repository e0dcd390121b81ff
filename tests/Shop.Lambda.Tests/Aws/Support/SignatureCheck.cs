using System.Globalization;
using Shop.Lambda.Aws;

namespace Shop.Lambda.Tests.Aws.Support;

/// <summary>Recomputes, on the server side, the signature of a request as it arrived, the way AWS verifies it.</summary>
internal static class SignatureCheck
{
    public static (string Expected, string Received) Signatures(RecordedRequest request, AwsCredentials credentials)
    {
        var authorization = request.Header("Authorization");
        var fields = authorization["AWS4-HMAC-SHA256 ".Length..].Split(", ")
            .Select(field => field.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        var scope = fields["Credential"].Split('/');
        var signedHeaders = fields["SignedHeaders"].Split(';')
            .Select(name => new KeyValuePair<string, string>(name, request.Header(name)))
            .ToList();
        var target = request.RawTarget.Split('?', 2);
        var time = DateTimeOffset.ParseExact(request.Header("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        var signer = new SigV4Signer(region: scope[2], service: scope[3]);
        var expected = signer.ComputeSignature(
            new SigV4Request(request.Method, target[0], target.Length > 1 ? target[1] : "", signedHeaders, SigV4Signer.HashPayload(request.Body)),
            credentials,
            time);
        return (expected.Signature, fields["Signature"]);
    }
}
