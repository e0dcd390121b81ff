using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Identity;

[Collection(LocalEnvironmentCollection.Name)]
public sealed class ProfileTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task ChangesNameAndPhone_WhenMemberUpdatesProfile()
    {
        var member = await fixture.SignInAsync();

        using var updated = await member.Client.PutAsJsonAsync("/me", new { name = "Ada Lovelace", phone = "+4915112345678" });
        var me = await member.Client.GetFromJsonAsync<JsonElement>("/me");

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("Ada Lovelace", me.GetProperty("name").GetString());
        Assert.Equal("+4915112345678", me.GetProperty("phone").GetString());
    }

    [Theory]
    [InlineData("""{"email":"other@test.shop.local"}""", "email")]
    [InlineData("""{"status":"active"}""", "status")]
    [InlineData("""{"roles":["admin"]}""", "roles")]
    [InlineData("""{"phone":"0151 1234"}""", "phone")]
    [InlineData("""{"name":""}""", "name")]
    public async Task RefusesAndChangesNothing_WhenUpdateSetsWhatMemberMayNot(string body, string field)
    {
        var member = await fixture.SignInAsync();
        var before = await member.Client.GetStringAsync("/me");

        using var response = await member.Client.PutAsync("/me", new StringContent(body, Encoding.UTF8, "application/json"));
        var after = await member.Client.GetStringAsync("/me");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task KeepsOneDefaultAddress_WhenAddressesAreAddedAndChanged()
    {
        var member = await fixture.SignInAsync();

        var home = await Add(member, "Home", isDefault: null);
        var work = await Add(member, "Work", isDefault: true);
        var listed = (await member.Client.GetFromJsonAsync<JsonElement>("/me/addresses")).GetProperty("items").EnumerateArray().ToList();

        Assert.True(home.GetProperty("isDefault").GetBoolean());
        Assert.Equal(2, listed.Count);
        Assert.Equal([work.GetProperty("id").GetString()], listed.Where(a => a.GetProperty("isDefault").GetBoolean()).Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AnswersNotFound_WhenMemberTouchesAnotherMembersAddress()
    {
        var owner = await fixture.SignInAsync();
        var other = await fixture.SignInAsync();
        var id = (await Add(owner, "Home", isDefault: true)).GetProperty("id").GetString();

        using var put = await other.Client.PutAsJsonAsync($"/me/addresses/{id}", Address("Stolen", null));
        using var delete = await other.Client.DeleteAsync($"/me/addresses/{id}");
        var ownerStill = (await owner.Client.GetFromJsonAsync<JsonElement>("/me/addresses")).GetProperty("items");

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal("Home", Assert.Single(ownerStill.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task NamesEveryBadField_WhenAddressIsInvalid()
    {
        var member = await fixture.SignInAsync();

        using var response = await member.Client.PostAsJsonAsync("/me/addresses", new { name = "Home", line1 = "", city = "Berlin", postalCode = "10115", country = "Germany" });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(errors.TryGetProperty("line1", out _));
        Assert.True(errors.TryGetProperty("country", out _));
        Assert.Empty((await member.Client.GetFromJsonAsync<JsonElement>("/me/addresses")).GetProperty("items").EnumerateArray());
    }

    private static object Address(string name, bool? isDefault) =>
        new { name, line1 = "Invalidenstraße 117", city = "Berlin", postalCode = "10115", country = "DE", isDefault };

    private static async Task<JsonElement> Add(TestUser member, string name, bool? isDefault)
    {
        using var response = await member.Client.PostAsJsonAsync("/me/addresses", Address(name, isDefault));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
