using System.Net;
using System.Net.Http.Json;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Identity;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;

namespace Shop.Integration.Tests.Catalog;

/// <summary>
/// Admins curating the category tree over HTTP. Other tests read the seeded tree exactly, so every
/// category made here is deleted again afterwards.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class AdminCategoryEndpointsTests(LocalEnvironmentFixture fixture) : IAsyncLifetime
{
    private readonly List<string> _created = [];
    private TestUser _admin = null!;

    public async Task InitializeAsync() => _admin = await fixture.SignInAsync(Roles.Admin);

    public async Task DisposeAsync()
    {
        foreach (var id in _created)
        {
            await fixture.Environment.Aws.DynamoDb.DeleteItemAsync(fixture.Environment.TableName(),
                new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "CATEGORIES" }, ["SK"] = new() { S = "CATEGORY#" + id } });
        }
    }

    [Fact]
    public async Task MovesTheSubtreeWithIt_WhenAdminMovesACategory()
    {
        var outdoors = await CreateAsync(new { name = "Test outdoors" });
        var tents = await CreateAsync(new { name = "Tents", parentId = outdoors });
        var domes = await CreateAsync(new { name = "Dome tents", parentId = tents });
        var garden = await CreateAsync(new { name = "Test garden" });

        using var moved = await _admin.Client.PutAsync($"/admin/categories/{tents}", Json(new { parentId = garden, name = "Garden tents" }));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(($"/{garden}/{tents}", "Garden tents"), (Text(await JsonAsync(moved), "path"), Text(await JsonAsync(moved), "name")));
        var tree = await JsonAsync(await fixture.Api.GetAsync("/categories"));
        var gardenNode = tree.GetProperty("categories").EnumerateArray().Single(c => Text(c, "id") == garden);
        var tentsNode = gardenNode.GetProperty("children").EnumerateArray().Single();
        Assert.Equal($"/{garden}/{tents}/{domes}", Text(tentsNode.GetProperty("children").EnumerateArray().Single(), "path"));
        Assert.Empty(tree.GetProperty("categories").EnumerateArray().Single(c => Text(c, "id") == outdoors).GetProperty("children").EnumerateArray());
    }

    [Fact]
    public async Task MakesARoot_WhenParentIdIsNull()
    {
        var parent = await CreateAsync(new { name = "Test parent" });
        var child = await CreateAsync(new { name = "Test child", parentId = parent });

        using var moved = await _admin.Client.PutAsync($"/admin/categories/{child}", Raw("""{"parentId": null}"""));

        Assert.Equal($"/{child}", Text(await JsonAsync(moved), "path"));
    }

    [Theory]
    [InlineData("""{"parentId": "SELF"}""", "parentId")]
    [InlineData("""{"parentId": "CHILD"}""", "parentId")]
    [InlineData("""{"parentId": 5}""", "parentId")]
    [InlineData("""{"parentId": "no-such-category"}""", "parentId")]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"position": -1}""", "position")]
    [InlineData("""{"path": "/elsewhere"}""", "path")]
    public async Task NamesTheFieldAndMovesNothing_WhenChangeIsInvalid(string body, string field)
    {
        var parent = await CreateAsync(new { name = "Test parent" });
        var child = await CreateAsync(new { name = "Test child", parentId = parent });

        using var response = await _admin.Client.PutAsync($"/admin/categories/{parent}", Raw(body.Replace("SELF", parent).Replace("CHILD", child)));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:shop:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var tree = await JsonAsync(await fixture.Api.GetAsync("/categories"));
        var node = tree.GetProperty("categories").EnumerateArray().Single(c => Text(c, "id") == parent);
        Assert.Equal(($"/{parent}", $"/{parent}/{child}"), (Text(node, "path"), Text(node.GetProperty("children").EnumerateArray().Single(), "path")));
    }

    [Fact]
    public async Task NamesParent_WhenCreatingUnderAMissingCategory()
    {
        using var response = await _admin.Client.PostAsync("/admin/categories", Json(new { name = "Orphan", parentId = "no-such-category" }));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:shop:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("parentId", out _));
    }

    [Fact]
    public async Task AnswersNotFound_WhenCategoryIsUnknown()
    {
        using var response = await _admin.Client.PutAsync("/admin/categories/no-such-category", Json(new { name = "X" }));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
    }

    [Fact]
    public async Task RefusesCategoryChanges_WhenCallerIsASeller()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);

        using var response = await seller.Client.PostAsync("/admin/categories", Json(new { name = "Not mine to add" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<string> CreateAsync(object body)
    {
        using var response = await _admin.Client.PostAsync("/admin/categories", Json(body));
        var category = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, category.ToString());
        var id = Text(category, "id");
        _created.Add(id);
        return id;
    }

    private static JsonContent Json(object body) => JsonContent.Create(body);

    private static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");
}
