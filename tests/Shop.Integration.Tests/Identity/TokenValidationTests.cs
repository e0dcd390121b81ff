using System.Net;
using Shop.Core;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Identity;

/// <summary>
/// Tokens the API must refuse, sent straight to the function (not through the API Gateway front,
/// whose JWT authorizer would stop most of them first): the API validates tokens itself.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class TokenValidationTests(LocalEnvironmentFixture fixture)
{
    public static TheoryData<string> Forgeries => ["tampered", "unsigned", "expired", "wrong-issuer", "wrong-client", "id-token", "garbage", "not-bearer"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task RefusesToken_WhenItIsNotAValidAccessToken(string kind)
    {
        var member = await fixture.SignInAsync();
        var token = await ForgeAsync(kind, member);

        using var response = await CallMeDirectlyAsync(kind == "not-bearer" ? $"Basic {token}" : $"Bearer {token}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task AcceptsGenuineAccessToken_WhenSentTheSameWay()
    {
        var member = await fixture.SignInAsync();

        using var response = await CallMeDirectlyAsync($"Bearer {member.AccessToken}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong-issuer")]
    [InlineData("tampered")]
    public async Task RefusesToken_WhenItComesThroughTheApiGatewayFront(string kind)
    {
        var member = await fixture.SignInAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {await ForgeAsync(kind, member)}");

        using var response = await fixture.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> ForgeAsync(string kind, TestUser member)
    {
        var claims = TokenForge.Claims(member.AccessToken);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new { alg = "RS256", kid = "dummy", typ = "JWT" };
        return kind switch
        {
            "tampered" => TokenForge.WithClaim(member.AccessToken, "cognito:groups", new[] { "admin" }),
            "unsigned" => TokenForge.Unsigned(member.AccessToken),
            "expired" => await TokenForge.SignAsync(header, With(claims, ("exp", now - 600), ("iat", now - 4200))),
            "wrong-issuer" => await TokenForge.SignAsync(header, With(claims, ("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_someoneelse"))),
            "wrong-client" => await TokenForge.SignAsync(header, With(claims, ("client_id", "another-client"))),
            "id-token" => member.IdToken,
            "garbage" => "not.a.token",
            "not-bearer" => member.AccessToken,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static Dictionary<string, object> With(Dictionary<string, System.Text.Json.JsonElement> claims, params (string Name, object Value)[] changes)
    {
        var copy = claims.ToDictionary(c => c.Key, c => (object)c.Value);
        foreach (var (name, value) in changes)
        {
            copy[name] = value;
        }
        return copy;
    }

    /// <summary>GET /me as an API Gateway event sent to the Api function itself, bypassing the authorizer.</summary>
    private async Task<HttpResponseMessage> CallMeDirectlyAsync(string authorization)
    {
        var api = fixture.Function(ShopNames.Handlers.Api);
        var template = System.Text.Json.Nodes.JsonNode.Parse(Shop.Tests.RepositoryPaths.Event("health-get-apigw.json"))!;
        template["rawPath"] = "/me";
        template["requestContext"]!["http"]!["path"] = "/me";
        template["headers"]!["authorization"] = authorization;
        var result = await api.InvokeAsync(System.Text.Encoding.UTF8.GetBytes(template.ToJsonString()));
        Assert.True(result.Succeeded, result.PayloadText);
        var payload = System.Text.Json.JsonDocument.Parse(result.PayloadText).RootElement;
        return new HttpResponseMessage((HttpStatusCode)payload.GetProperty("statusCode").GetInt32());
    }
}
