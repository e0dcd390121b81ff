using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Identity;

[Collection(LocalEnvironmentCollection.Name)]
public sealed class SellerApplicationTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task MakesMemberASeller_WhenAdminApprovesApplication()
    {
        var member = await fixture.SignInAsync();
        var admin = await fixture.SignInAsync("admin");

        using var applied = await member.Client.PostAsJsonAsync("/me/seller-application", new { storeName = "Ada's Engines" });
        var pending = await AllPendingAsync(admin);
        using var approved = await admin.Client.PostAsync($"/admin/seller-applications/{member.Id}/approve", null);
        var signedInAgain = await fixture.LogInAsync(member.Id, member.Email, member.Password);
        var me = await signedInAgain.Client.GetFromJsonAsync<JsonElement>("/me");

        Assert.Equal(HttpStatusCode.Accepted, applied.StatusCode);
        Assert.Contains(member.Id, pending);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains("seller", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("approved", me.GetProperty("sellerApplication").GetProperty("status").GetString());
    }

    [Fact]
    public async Task LeavesMemberWithoutRole_WhenAdminRejectsApplication()
    {
        var member = await fixture.SignInAsync();
        var admin = await fixture.SignInAsync("admin");

        await member.Client.PostAsJsonAsync("/me/seller-application", new { storeName = "Rejected Goods" });
        using var rejected = await admin.Client.PostAsync($"/admin/seller-applications/{member.Id}/reject", null);
        using var decidedTwice = await admin.Client.PostAsync($"/admin/seller-applications/{member.Id}/approve", null);
        var me = await (await fixture.LogInAsync(member.Id, member.Email, member.Password)).Client.GetFromJsonAsync<JsonElement>("/me");

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, decidedTwice.StatusCode);
        Assert.Empty(me.GetProperty("roles").EnumerateArray());
    }

    [Fact]
    public async Task RefusesSecondApplication_WhenOneIsPending()
    {
        var member = await fixture.SignInAsync();

        await member.Client.PostAsJsonAsync("/me/seller-application", new { storeName = "First" });
        using var second = await member.Client.PostAsJsonAsync("/me/seller-application", new { storeName = "Second" });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task AnswersNotFound_WhenApprovingSomeoneWhoNeverApplied()
    {
        var member = await fixture.SignInAsync();
        var admin = await fixture.SignInAsync("admin");

        using var response = await admin.Client.PostAsync($"/admin/seller-applications/{member.Id}/approve", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Every pending applicant, walking the listing's pages (other tests add applications too).</summary>
    private static async Task<List<string>> AllPendingAsync(TestUser admin)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await admin.Client.GetFromJsonAsync<JsonElement>($"/admin/seller-applications?status=pending&limit=100{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("userId").GetString()!));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return ids;
    }
}
