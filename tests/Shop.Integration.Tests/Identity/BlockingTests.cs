using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Identity;

[Collection(LocalEnvironmentCollection.Name)]
public sealed class BlockingTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task RefusesExistingTokenAndSignIn_WhenAdminBlocksUser_AndRestoresAfterUnblock()
    {
        var member = await fixture.SignInAsync();
        var admin = await fixture.SignInAsync("admin");
        Assert.Equal(HttpStatusCode.OK, (await member.Client.GetAsync("/me")).StatusCode);

        using var blocked = await admin.Client.PostAsync($"/admin/users/{member.Id}/block", null);
        var refusal = await WaitForStatusAsync(member.Client, HttpStatusCode.Forbidden);
        using var signIn = await fixture.Api.PostAsJsonAsync("/auth/login", new { email = member.Email, password = member.Password });
        using var refresh = await fixture.Api.PostAsJsonAsync("/auth/refresh", new { refreshToken = member.RefreshToken });

        Assert.Equal(HttpStatusCode.OK, blocked.StatusCode);
        Assert.Equal("urn:shop:problem:user-blocked", (await refusal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, refresh.StatusCode);

        using var unblocked = await admin.Client.PostAsync($"/admin/users/{member.Id}/unblock", null);
        var again = await fixture.LogInAsync(member.Id, member.Email, member.Password);

        var restored = await WaitForStatusAsync(again.Client, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, unblocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
    }

    [Fact]
    public async Task RefusesToBlockThemselves_WhenAdminTries()
    {
        var admin = await fixture.SignInAsync("admin");

        using var response = await admin.Client.PostAsync($"/admin/users/{admin.Id}/block", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/me")).StatusCode);
    }

    [Fact]
    public async Task AnswersNotFound_WhenBlockingUnknownUser()
    {
        var admin = await fixture.SignInAsync("admin");

        using var response = await admin.Client.PostAsync($"/admin/users/{Guid.NewGuid()}/block", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A block or an unblock reaches every warm function within seconds; poll for it, bounded.</summary>
    private static async Task<HttpResponseMessage> WaitForStatusAsync(HttpClient client, HttpStatusCode expected)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var response = await client.GetAsync("/me");
            if (response.StatusCode == expected)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(200);
        }
        throw new TimeoutException($"No {expected} within 10 s of the change.");
    }
}
