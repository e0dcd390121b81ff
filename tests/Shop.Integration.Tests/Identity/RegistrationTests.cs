using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Identity;

[Collection(LocalEnvironmentCollection.Name)]
public sealed class RegistrationTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task RegistersLogsInAndReadsProfile_WhenNewClientSignsUp()
    {
        var email = $"New.Client-{Guid.NewGuid():N}@Example.com";

        using var registered = await fixture.Api.PostAsJsonAsync("/auth/register", new { email, password = LocalEnvironmentFixture.TestPassword });
        using var login = await fixture.Api.PostAsJsonAsync("/auth/login", new { email, password = LocalEnvironmentFixture.TestPassword });
        var session = await login.Content.ReadFromJsonAsync<JsonElement>();
        using var client = TestUser.ClientWith(fixture.Environment.ApiUrl, session.GetProperty("accessToken").GetString()!);
        var me = await client.GetFromJsonAsync<JsonElement>("/me");

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(session.GetProperty("expiresIn").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(session.GetProperty("idToken").GetString()));
        Assert.False(string.IsNullOrEmpty(session.GetProperty("refreshToken").GetString()));
        Assert.Equal(email.ToLowerInvariant(), me.GetProperty("email").GetString());
        Assert.Equal("active", me.GetProperty("status").GetString());
        Assert.Empty(me.GetProperty("roles").EnumerateArray());
    }

    [Fact]
    public async Task RefusesSecondAccount_WhenEmailIsTaken()
    {
        var user = await fixture.SignInAsync();

        using var again = await fixture.Api.PostAsJsonAsync("/auth/register", new { email = user.Email, password = LocalEnvironmentFixture.TestPassword });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:shop:problem:conflict", await ProblemType(again));
    }

    [Theory]
    [InlineData("""{"email":"not-an-email","password":"Test-pass-1!"}""", "email")]
    [InlineData("""{"email":"weak@test.shop.local","password":"short"}""", "password")]
    [InlineData("""{"email":"typed@test.shop.local","password":12345678}""", "password")]
    [InlineData("""{"email":"extra@test.shop.local","password":"Test-pass-1!","groups":["admin"]}""", "groups")]
    [InlineData("""{"password":"Test-pass-1!"}""", "email")]
    public async Task NamesTheField_WhenRegistrationIsInvalid(string body, string field)
    {
        using var response = await fixture.Api.PostAsync("/auth/register", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:shop:problem:validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task AnswersMalformedJson_WhenBodyIsNotJson()
    {
        using var response = await fixture.Api.PostAsync("/auth/register", new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:shop:problem:malformed-json", await ProblemType(response));
    }

    [Fact]
    public async Task RefusesSignIn_WhenPasswordIsWrong()
    {
        var user = await fixture.SignInAsync();

        using var wrong = await fixture.Api.PostAsJsonAsync("/auth/login", new { email = user.Email, password = "Wrong-pass-1!" });
        using var unknown = await fixture.Api.PostAsJsonAsync("/auth/login", new { email = "nobody@test.shop.local", password = "Wrong-pass-1!" });

        var wrongProblem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        var unknownProblem = await unknown.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("urn:shop:problem:invalid-credentials", wrongProblem.GetProperty("type").GetString());
        // The same answer either way: accounts cannot be probed.
        Assert.Equal(wrongProblem.GetProperty("detail").GetString(), unknownProblem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task IssuesNewAccessToken_WhenRefreshTokenIsPresented()
    {
        var user = await fixture.SignInAsync();

        using var refreshed = await fixture.Api.PostAsJsonAsync("/auth/refresh", new { refreshToken = user.RefreshToken });
        var session = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        using var client = TestUser.ClientWith(fixture.Environment.ApiUrl, session.GetProperty("accessToken").GetString()!);
        using var me = await client.GetAsync("/me");

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    private static async Task<string?> ProblemType(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();
}
