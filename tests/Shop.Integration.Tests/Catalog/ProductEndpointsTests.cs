using System.Net;
using System.Text.Json;
using Shop.Adapters.DynamoDb;
using Shop.Core.Catalog;
using Shop.Integration.Tests.Support;
using Shop.Local.Seeding;

namespace Shop.Integration.Tests.Catalog;

/// <summary>The storefront's catalog reads over HTTP, against the seeded demo catalog.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class ProductEndpointsTests(LocalEnvironmentFixture fixture)
{
    private const string Phones = "electronics-phones";

    // Ids, names, prices and stock are the same whichever seller owns the demo catalog.
    private static readonly IReadOnlyList<Product> Demo = DemoCatalog.Products("any-seller");

    [Fact]
    public async Task ShowsProductWithVariantsPricesAndStock_WhenProductIsListed()
    {
        var expected = Demo.First(p => p.CategoryId == Phones);

        using var response = await fixture.Api.GetAsync($"/products/{expected.Id}");
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((expected.Id, expected.Name, expected.Brand, expected.CategoryId, "active"),
            (Text(body, "id"), Text(body, "name"), Text(body, "brand"), Text(body, "categoryId"), Text(body, "status")));
        Assert.Equal(expected.Description, Text(body, "description"));
        Assert.Equal(0, body.GetProperty("rating").GetProperty("count").GetInt32());
        Assert.Empty(body.GetProperty("images").EnumerateArray());
        var variants = body.GetProperty("variants").EnumerateArray().Select(v => (
            Text(v, "sku"),
            v.GetProperty("price").GetProperty("amount").GetInt64(),
            Text(v.GetProperty("price"), "currency"),
            v.GetProperty("stock").GetInt32(),
            string.Join(",", v.GetProperty("options").EnumerateObject().Select(o => $"{o.Name}={o.Value.GetString()}").Order())));
        Assert.Equal(
            expected.Variants.Select(v => (v.Sku, v.Price.Amount, v.Price.Currency, v.Stock, string.Join(",", v.Options.Select(o => $"{o.Key}={o.Value}").Order()))),
            variants);
    }

    [Fact]
    public async Task AnswersNotFoundProblem_WhenProductIsUnknown()
    {
        using var response = await fixture.Api.GetAsync("/products/p-no-such-product");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
    }

    [Fact]
    public async Task AnswersNotFound_WhenProductIsADraft()
    {
        var store = new DynamoDbProductStore(fixture.Environment.Aws.DynamoDb, new TableName(fixture.Environment.TableName()));
        var draft = TestProduct.AProduct().In(Phones).WithStatus(ProductStatus.Draft).Build();
        await store.CreateAsync(draft, CancellationToken.None);

        using var response = await fixture.Api.GetAsync($"/products/{draft.Id}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
    }

    [Theory]
    [InlineData("newest")]
    [InlineData("price_asc")]
    [InlineData("price_desc")]
    public async Task WalksEveryListedProductOnceInOrder_WhenFollowingCursors(string sort)
    {
        var seen = new List<(string Id, long Price, string CreatedAt)>();
        string? cursor = null;
        do
        {
            using var response = await fixture.Api.GetAsync($"/categories/{Phones}/products?sort={sort}&limit=5" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            var page = await JsonAsync(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (Text(i, "id"), i.GetProperty("minPrice").GetProperty("amount").GetInt64(), Text(i, "createdAt"))));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal(seen.Count, seen.Select(s => s.Id).Distinct().Count());
        // Other tests may list products here too; the demo products must all be there, in order.
        var demo = Demo.Where(p => p.CategoryId == Phones);
        var expected = sort switch
        {
            "newest" => demo.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id, StringComparer.Ordinal),
            "price_asc" => demo.OrderBy(p => p.MinPrice.Amount).ThenBy(p => p.Id, StringComparer.Ordinal),
            _ => demo.OrderByDescending(p => p.MinPrice.Amount).ThenByDescending(p => p.Id, StringComparer.Ordinal),
        };
        Assert.Equal(expected.Select(p => p.Id), seen.Select(s => s.Id).Where(id => id.StartsWith("p-demo-", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=bm90LWEtY3Vyc29y.AAAAAAAAAAAA", "cursor")]
    public async Task NamesTheParameter_WhenListingQueryIsInvalid(string query, string field)
    {
        using var response = await fixture.Api.GetAsync($"/categories/{Phones}/products?{query}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:shop:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task RefusesCursor_WhenItComesFromAnotherSort()
    {
        using var first = await fixture.Api.GetAsync($"/categories/{Phones}/products?sort=price_asc&limit=2");
        var cursor = Text(await JsonAsync(first), "nextCursor");

        using var response = await fixture.Api.GetAsync($"/categories/{Phones}/products?sort=newest&limit=2&cursor={Uri.EscapeDataString(cursor)}");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:shop:problem:validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task AnswersNotFound_WhenCategoryIsUnknown()
    {
        using var response = await fixture.Api.GetAsync("/categories/no-such-category/products");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
    }

    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    internal static string Text(JsonElement element, string property) => element.GetProperty(property).GetString()!;

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(type, Text(problem, "type"));
        return problem;
    }
}
