using System.Net.Http.Headers;
using Shop.Lambda.Aws;
using Shop.Lambda.Tests.Aws.Support;

namespace Shop.Lambda.Tests.Aws;

public sealed class SigV4SignerTests
{
    private static readonly SigV4Signer SuiteSigner = new(SigV4SuiteVector.Region, SigV4SuiteVector.Service);

    // AWS's S3 documentation examples ("Authenticating Requests: Using the Authorization Header" and "... Query Parameters").
    private static readonly AwsCredentials S3ExampleCredentials = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset S3ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);
    private static readonly SigV4Signer S3Signer = new("us-east-1", "s3");

    public static TheoryData<string> Vectors() => [.. SigV4SuiteVector.Names()];

    // Cases whose request line is a valid wire request: no raw space or non-ASCII character in the
    // path (on the wire those are percent-encoded, and non-S3 services encode the wire path again),
    // and no folded header line, which HttpRequestMessage cannot carry.
    public static TheoryData<string> WireVectors() =>
        [.. SigV4SuiteVector.Names().Where(name =>
        {
            var vector = SigV4SuiteVector.Load(name);
            return !vector.HasFoldedHeader && vector.RequestPath.All(c => c is > ' ' and < (char)0x7F);
        })];

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ProducesPublishedCanonicalRequest_WhenSigningSuiteRequest(string name)
    {
        var vector = SigV4SuiteVector.Load(name);

        var signature = SuiteSigner.ComputeSignature(vector.ToSigV4Request(), SigV4SuiteVector.Credentials, SigV4SuiteVector.Time);

        Assert.Equal(vector.CanonicalRequest, signature.CanonicalRequest);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ProducesPublishedStringToSign_WhenSigningSuiteRequest(string name)
    {
        var vector = SigV4SuiteVector.Load(name);

        var signature = SuiteSigner.ComputeSignature(vector.ToSigV4Request(), SigV4SuiteVector.Credentials, SigV4SuiteVector.Time);

        Assert.Equal(vector.StringToSign, signature.StringToSign);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ProducesPublishedAuthorization_WhenSigningSuiteRequest(string name)
    {
        var vector = SigV4SuiteVector.Load(name);

        var signature = SuiteSigner.ComputeSignature(vector.ToSigV4Request(), SigV4SuiteVector.Credentials, SigV4SuiteVector.Time);

        Assert.Equal(vector.Authorization, signature.Authorization);
    }

    [Theory]
    [MemberData(nameof(WireVectors))]
    public async Task SetsPublishedAuthorizationHeader_WhenSigningSuiteRequestAsHttpRequestMessage(string name)
    {
        var vector = SigV4SuiteVector.Load(name);
        var (request, credentials) = ToHttpRequest(vector);

        await SuiteSigner.SignAsync(request, credentials, SigV4SuiteVector.Time, CancellationToken.None);

        Assert.Equal(vector.Authorization, Header(request, "Authorization"));
    }

    [Fact]
    public void AddsDateAndSecurityTokenHeaders_WhenCredentialsAreTemporary()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");
        var credentials = SigV4SuiteVector.Credentials with { SessionToken = "session-token" };

        var signature = SuiteSigner.Sign(request, credentials, SigV4SuiteVector.Time, SigV4Signer.EmptyPayloadHash);

        Assert.Equal("20150830T123600Z", Header(request, "X-Amz-Date"));
        Assert.Equal("session-token", Header(request, "X-Amz-Security-Token"));
        Assert.Equal("host;x-amz-date;x-amz-security-token", signature.SignedHeaders);
    }

    [Fact]
    public void ReplacesEarlierSignature_WhenSignedAgain()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");
        SuiteSigner.Sign(request, SigV4SuiteVector.Credentials with { SessionToken = "old" }, SigV4SuiteVector.Time, SigV4Signer.EmptyPayloadHash);

        var later = SuiteSigner.Sign(request, SigV4SuiteVector.Credentials with { SessionToken = "new" }, SigV4SuiteVector.Time.AddMinutes(1), SigV4Signer.EmptyPayloadHash);

        Assert.Equal(later.Authorization, Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("20150830T123700Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.Equal("new", Assert.Single(request.Headers.GetValues("X-Amz-Security-Token")));
    }

    [Fact]
    public void DoubleEncodesPath_WhenServiceIsNotS3()
    {
        // The example in AWS's "Create a canonical request" documentation.
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/documents and settings/");

        var signature = SuiteSigner.Sign(request, SigV4SuiteVector.Credentials, SigV4SuiteVector.Time, SigV4Signer.EmptyPayloadHash);

        Assert.Equal("/documents%2520and%2520settings/", CanonicalUri(signature));
    }

    [Fact]
    public void EncodesPathOnce_WhenServiceIsS3()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/photos/my photo+1.jpg");

        var signature = S3Signer.Sign(request, S3ExampleCredentials, S3ExampleTime, SigV4Signer.UnsignedPayload);

        Assert.Equal("/photos/my%20photo%2B1.jpg", CanonicalUri(signature));
    }

    [Fact]
    public void KeepsEncodedSlashInsideKey_WhenServiceIsS3()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/a%2Fb/c");

        var signature = S3Signer.Sign(request, S3ExampleCredentials, S3ExampleTime, SigV4Signer.UnsignedPayload);

        Assert.Equal("/a%2Fb/c", CanonicalUri(signature));
    }

    [Fact]
    public void MatchesS3DocumentedSignature_WhenSigningGetObjectWithRange()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://examplebucket.s3.amazonaws.com/test.txt");
        request.Headers.Range = new RangeHeaderValue(0, 9);

        var signature = S3Signer.Sign(request, S3ExampleCredentials, S3ExampleTime, SigV4Signer.EmptyPayloadHash);

        Assert.Equal("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", signature.Signature);
        Assert.Equal(SigV4Signer.EmptyPayloadHash, Header(request, "X-Amz-Content-Sha256"));
    }

    [Fact]
    public void MatchesS3DocumentedUrl_WhenPresigningGetObject()
    {
        var url = S3Signer.Presign(
            HttpMethod.Get,
            new Uri("https://examplebucket.s3.amazonaws.com/test.txt"),
            S3ExampleCredentials,
            S3ExampleTime,
            TimeSpan.FromSeconds(86400));

        Assert.Equal(
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            url.AbsoluteUri);
    }

    [Fact]
    public void SignsSecurityTokenInQuery_WhenPresigningWithTemporaryCredentials()
    {
        var withToken = S3ExampleCredentials with { SessionToken = "token/with+chars=" };

        var url = S3Signer.Presign(HttpMethod.Put, new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), withToken, S3ExampleTime, TimeSpan.FromMinutes(15));
        var withoutToken = S3Signer.Presign(HttpMethod.Put, new Uri("https://examplebucket.s3.amazonaws.com/test.txt"), S3ExampleCredentials, S3ExampleTime, TimeSpan.FromMinutes(15));

        Assert.Contains("&X-Amz-Security-Token=token%2Fwith%2Bchars%3D&", url.AbsoluteUri);
        Assert.NotEqual(QueryValue(withoutToken, "X-Amz-Signature"), QueryValue(url, "X-Amz-Signature"));
    }

    [Fact]
    public void ListsExtraHeadersAsSigned_WhenPresigningWithHeaders()
    {
        var url = S3Signer.Presign(
            HttpMethod.Put,
            new Uri("https://examplebucket.s3.amazonaws.com/uploads/1.csv"),
            S3ExampleCredentials,
            S3ExampleTime,
            TimeSpan.FromMinutes(15),
            [new("Content-Type", "text/csv")]);

        Assert.Equal("content-type%3Bhost", QueryValue(url, "X-Amz-SignedHeaders"));
    }

    [Fact]
    public void RejectsLifetime_WhenPresigningForMoreThanSevenDays()
    {
        var uri = new Uri("https://examplebucket.s3.amazonaws.com/test.txt");

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            S3Signer.Presign(HttpMethod.Get, uri, S3ExampleCredentials, S3ExampleTime, TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void SignsHostWithPort_WhenEndpointUsesNonDefaultPort()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4566/");

        var signature = SuiteSigner.Sign(request, SigV4SuiteVector.Credentials, SigV4SuiteVector.Time, SigV4Signer.EmptyPayloadHash);

        Assert.Contains("\nhost:127.0.0.1:4566\n", signature.CanonicalRequest);
    }

    [Fact]
    public void LeavesUserAgentAndContentLengthUnsigned_WhenRequestCarriesThem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/") { Content = new ByteArrayContent([1, 2, 3]) };
        request.Headers.UserAgent.ParseAdd("shop/1.0");
        request.Content.Headers.ContentLength = 3;

        var signature = SuiteSigner.Sign(request, SigV4SuiteVector.Credentials, SigV4SuiteVector.Time, SigV4Signer.EmptyPayloadHash);

        Assert.Equal("host;x-amz-date", signature.SignedHeaders);
    }

    private static (HttpRequestMessage Request, AwsCredentials Credentials) ToHttpRequest(SigV4SuiteVector vector)
    {
        var request = new HttpRequestMessage(new HttpMethod(vector.Method), "https://example.amazonaws.com" + vector.Target);
        if (vector.Body.Length > 0)
        {
            request.Content = new ByteArrayContent(vector.Body);
        }
        var credentials = SigV4SuiteVector.Credentials;
        foreach (var (name, value) in vector.Headers)
        {
            switch (name.ToLowerInvariant())
            {
                case "host" or "x-amz-date":
                    // The signer writes these itself: host from the URI, the date from the signing time.
                    break;
                case "x-amz-security-token":
                    credentials = credentials with { SessionToken = value };
                    break;
                case "content-type":
                    request.Content!.Headers.TryAddWithoutValidation(name, value);
                    break;
                default:
                    request.Headers.TryAddWithoutValidation(name, value);
                    break;
            }
        }
        return (request, credentials);
    }

    private static string Header(HttpRequestMessage request, string name) => string.Join(",", request.Headers.NonValidated[name]);

    private static string CanonicalUri(SigV4Signature signature) => signature.CanonicalRequest.Split('\n')[1];

    private static string QueryValue(Uri url, string name) =>
        url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == name)[1];
}
