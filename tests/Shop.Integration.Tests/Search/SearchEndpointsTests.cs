using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Core.Identity;
using Shop.Integration.Tests.Support;
using Shop.Local.Seeding;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;

namespace Shop.Integration.Tests.Search;

/// <summary>
/// Search over HTTP in a whole local environment: products a seller lists travel through the
/// table's stream and the indexer function into the embedded engine, as they would through the
/// stream mapping into OpenSearch in AWS.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class SearchEndpointsTests(LocalEnvironmentFixture fixture)
{
    private static readonly TimeSpan IndexingDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FindsNewProductAlsoWithOneTypo_WhenSellerListsIt()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var word = UniqueWord();
        var id = await ListAsync(seller, $"Lantern {word}", "Glowmark");

        var exact = await EventuallyAsync($"/search?q={word}", page => Ids(page).Contains(id));
        var typo = await SearchAsync($"/search?q={Typo(word)}");

        Assert.True(Ids(exact).Contains(id), "not indexed in time; the indexer logged:\n" + IndexerLog());
        Assert.Contains(id, Ids(typo));
    }

    [Fact]
    public async Task DropsProductFromResults_WhenSellerArchivesIt()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var word = UniqueWord();
        var id = await ListAsync(seller, $"Kettle {word}", "Boilwell");
        var listed = await EventuallyAsync($"/search?q={word}", page => Ids(page).Contains(id));
        Assert.True(Ids(listed).Contains(id), "not indexed in time; the indexer logged:\n" + IndexerLog());

        using var archived = await seller.Client.DeleteAsync($"/seller/products/{id}");
        var after = await EventuallyAsync($"/search?q={word}", page => !Ids(page).Contains(id));

        Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);
        Assert.DoesNotContain(id, Ids(after));
    }

    [Fact]
    public async Task CountsFacetsAsTheCatalogHasThem_WhenFilteredBySellerAndCategory()
    {
        var sellerId = fixture.Environment.Seeded!.SellerId;
        var demo = DemoCatalog.Products(sellerId);
        var tree = DemoCatalog.Categories();
        var root = tree.First(c => c.IsRoot);
        var inRoot = demo.Where(p => tree.First(c => c.Id == p.CategoryId).Path.StartsWith(root.Path + "/", StringComparison.Ordinal) || p.CategoryId == root.Id).ToList();

        var page = await SearchAsync($"/search?seller={sellerId}&category={root.Id}&limit=100");

        Assert.Equal(inRoot.Count, page.GetProperty("total").GetInt64());
        var brands = page.GetProperty("facets").GetProperty("brands").EnumerateArray().ToDictionary(b => Text(b, "value"), b => b.GetProperty("count").GetInt64());
        var expectedBrands = inRoot.GroupBy(p => p.Brand).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.All(brands, b => Assert.Equal(expectedBrands[b.Key], b.Value));
        var categories = page.GetProperty("facets").GetProperty("categories").EnumerateArray().ToDictionary(c => Text(c, "id"), c => c.GetProperty("count").GetInt64());
        Assert.Equal(inRoot.Count, categories[root.Id]);
        Assert.All(inRoot.GroupBy(p => p.CategoryId), g => Assert.Equal(g.Count(), categories[g.Key]));
        var prices = page.GetProperty("facets").GetProperty("price").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64());
        Assert.Equal(inRoot.Count, prices);
    }

    [Fact]
    public async Task PagesThroughEveryMatchOnce_WhenFollowingCursors()
    {
        var sellerId = fixture.Environment.Seeded!.SellerId;
        var category = DemoCatalog.Categories().First(c => c.IsRoot).Id;
        var seen = new List<string>();
        string? cursor = null;
        long total;
        do
        {
            var page = await SearchAsync($"/search?seller={sellerId}&category={category}&sort=price_asc&limit=7" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            total = page.GetProperty("total").GetInt64();
            seen.AddRange(Ids(page));
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null && seen.Count <= total);

        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task CompletesAPrefix_WhenSuggestIsAsked()
    {
        var name = DemoCatalog.Products(fixture.Environment.Seeded!.SellerId).OrderByDescending(p => p.Name.Length).First().Name;
        var prefix = name.Split(' ')[0][..Math.Min(4, name.Split(' ')[0].Length)];

        using var response = await fixture.Api.GetAsync($"/search/suggest?q={Uri.EscapeDataString(prefix)}");
        var suggestions = (await JsonAsync(response)).GetProperty("suggestions").EnumerateArray().Select(s => Text(s, "text")).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(suggestions.Count, 1, 10);
        Assert.Contains(suggestions, s => s.Split(' ').Any(w => w.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(suggestions.Count, suggestions.Distinct().Count());
    }

    public static TheoryData<string> HostileQueries => new(
        "\"", "\"unbalanced", "*", "?", "lamp~2", "name:lamp", "(lamp", "lamp)", "\\", "AND", "OR NOT", "-", "+lamp -desk",
        "{\"query\":{\"match_all\":{}}}", "<script>alert(1)</script>", "' OR 1=1 --", "lamp^10", "[a TO z]", "/regex.*/", "%00",
        "💡🔦", "\u0000\u0001", "ä ö ü ß", new string('a', 256), "a b c d e f g h i j k l m n o p q r s t u v w x y z");

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task AnswersWithResultsNeverAnError_WhenQueryIsHostile(string query)
    {
        using var search = await fixture.Api.GetAsync($"/search?q={Uri.EscapeDataString(query)}");
        using var suggest = await fixture.Api.GetAsync($"/search/suggest?q={Uri.EscapeDataString(query)}");

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Equal(HttpStatusCode.OK, suggest.StatusCode);
    }

    [Theory]
    [InlineData("q", "q=")]
    [InlineData("limit", "limit=101")]
    [InlineData("minPrice", "minPrice=-1")]
    [InlineData("maxPrice", "minPrice=500&maxPrice=100")]
    [InlineData("minRating", "minRating=six")]
    [InlineData("inStock", "inStock=maybe")]
    [InlineData("sort", "sort=cheapest")]
    [InlineData("category", "category=no-such-category")]
    [InlineData("cursor", "cursor=bm90LWEtY3Vyc29y.AAAAAAAAAAAA")]
    public async Task RefusesNamingTheField_WhenParameterIsBad(string field, string parameters)
    {
        var query = field == "q" ? "q=" + new string('x', 257) : parameters;

        using var response = await fixture.Api.GetAsync($"/search?{query}");
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:shop:problem:validation");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
    }

    private async Task<string> ListAsync(TestUser seller, string name, string brand)
    {
        var sku = $"S-{Guid.NewGuid():N}"[..20];
        using var created = await seller.Client.PostAsJsonAsync("/seller/products", new
        {
            name,
            brand,
            description = "A test product listed by the search tests.",
            categoryId = "home-kitchen-lighting",
            status = "active",
            options = new[] { "colour" },
            variants = new[] { new { sku, price = new { amount = 2999, currency = "EUR" }, options = new Dictionary<string, string> { ["colour"] = "white" }, stock = 4 } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return Text(await JsonAsync(created), "id");
    }

    private async Task<JsonElement> SearchAsync(string path)
    {
        using var response = await fixture.Api.GetAsync(path);
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Searches until the page satisfies <paramref name="condition"/>, or the indexing deadline passes (then returns the last page).</summary>
    private async Task<JsonElement> EventuallyAsync(string path, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow + IndexingDeadline;
        while (true)
        {
            var page = await SearchAsync(path);
            if (condition(page) || DateTime.UtcNow > deadline)
            {
                return page;
            }
            await Task.Delay(250);
        }
    }

    private string IndexerLog() =>
        string.Join("\n", fixture.Log().Split('\n').Where(l => l.Contains("Indexer", StringComparison.Ordinal)).TakeLast(12));

    private static List<string> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => Text(i, "id")).ToList();

    /// <summary>A made-up word no demo product has: letters only, so the analyzer keeps it whole.</summary>
    private static string UniqueWord() => "zq" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Take(6).ToArray()).PadRight(6, 'k');

    /// <summary>The word with its third letter replaced: one edit away.</summary>
    private static string Typo(string word) => word[..2] + (word[2] == 'x' ? 'y' : 'x') + word[3..];
}
