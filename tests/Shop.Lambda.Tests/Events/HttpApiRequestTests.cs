using System.Text.Json;
using Shop.Lambda.Events;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.Events;

public sealed class HttpApiRequestTests
{
    [Fact]
    public void ReadsRequestLineAndContext_WhenHealthEventLoaded()
    {
        var request = EventFiles.Load("health-get-apigw.json", LambdaEventsJsonContext.Default.HttpApiRequest);

        Assert.Equal("2.0", request.Version);
        Assert.Equal("$default", request.RouteKey);
        Assert.Equal("/health", request.RawPath);
        Assert.Equal("", request.RawQueryString);
        Assert.Null(request.Body);
        Assert.False(request.IsBase64Encoded);
        var context = request.RequestContext!;
        Assert.Equal("000000000000", context.AccountId);
        Assert.Equal("k3x9q2w7ab", context.ApiId);
        Assert.Equal("k3x9q2w7ab.execute-api.us-east-1.amazonaws.com", context.DomainName);
        Assert.Equal("YxPq3jKoIAMEbQw=", context.RequestId);
        Assert.Equal(1772619330123, context.TimeEpoch);
        Assert.Equal("GET", context.Http!.Method);
        Assert.Equal("203.0.113.24", context.Http.SourceIp);
        Assert.Equal("curl/8.5.0", request.Headers!["user-agent"]);
    }

    [Fact]
    public void ReadsCookiesQueryAuthorizerAndBody_WhenEchoEventLoaded()
    {
        var request = EventFiles.Load("platform-echo-apigw.json", LambdaEventsJsonContext.Default.HttpApiRequest);

        Assert.Equal("POST", request.RequestContext!.Http!.Method);
        Assert.Equal(["session=s%3A8fK2pQ", "theme=dark"], request.Cookies);
        Assert.Equal("tag=red&tag=blue&q=x%26y&empty=", request.RawQueryString);
        Assert.Equal("red,blue", request.QueryStringParameters!["tag"]);
        Assert.Equal("one,two", request.Headers!["x-multi"]);
        var jwt = request.RequestContext.Authorizer!.Jwt!;
        Assert.Equal("[admin seller]", jwt.Claims!["cognito:groups"]);
        Assert.Equal("7d2f4a9c-1b3e-4c5d-8e9f-0a1b2c3d4e5f", jwt.Claims["sub"]);
        Assert.Equal(["aws.cognito.signin.user.admin"], jwt.Scopes);
        Assert.True(request.IsBase64Encoded);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE, 0x41, 0x42, 0x43], Convert.FromBase64String(request.Body!));
    }

    [Fact]
    public void ReadsCorrelationHeader_WhenCategoriesEventLoaded()
    {
        var request = EventFiles.Load("categories-list-apigw.json", LambdaEventsJsonContext.Default.HttpApiRequest);

        Assert.Equal("/categories", request.RawPath);
        Assert.Equal("web-5f2c81d04b9e4e7a", request.Headers!["x-correlation-id"]);
    }

    [Fact]
    public void KeepsNonStringClaimsAsJsonText_WhenAnEmitterSendsTypedClaims()
    {
        const string json = """
            {"version":"2.0","rawPath":"/me","requestContext":{"authorizer":{"jwt":{
              "claims":{"sub":"u-1","exp":1772622600,"cognito:groups":["admin","seller"],"email_verified":true},
              "scopes":null}}}}
            """;

        var claims = JsonSerializer.Deserialize(json, LambdaEventsJsonContext.Default.HttpApiRequest)!
            .RequestContext!.Authorizer!.Jwt!.Claims!;

        Assert.Equal("u-1", claims["sub"]);
        Assert.Equal("1772622600", claims["exp"]);
        Assert.Equal("""["admin","seller"]""", claims["cognito:groups"]);
        Assert.Equal("true", claims["email_verified"]);
    }

    [Fact]
    public void ReadsLambdaAuthorizerContext_WhenPresent()
    {
        const string json = """{"rawPath":"/x","requestContext":{"authorizer":{"lambda":{"tenant":"t-9","tier":3}}}}""";

        var lambda = JsonSerializer.Deserialize(json, LambdaEventsJsonContext.Default.HttpApiRequest)!
            .RequestContext!.Authorizer!.Lambda!;

        Assert.Equal("t-9", lambda["tenant"].GetString());
        Assert.Equal(3, lambda["tier"].GetInt32());
    }
}
