using Shop.Core.Search;

namespace Shop.Integration.Tests.Search.OpenSearch;

public sealed class OpenSearchSearchResponseTests : IDisposable
{
    private readonly OpenSearchStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task ReadsHitsAndTotal_WhenOpenSearchAnswers()
    {
        var results = await SearchAsync("search-rating-sorted.json", SearchSort.Rating);

        Assert.Equal(3, results.Total);
        Assert.Equal(["p-1", "p-2", "p-3"], results.Hits.Select(h => h.Product.Id));
        var lamp = results.Hits[0].Product;
        Assert.Equal(
            ("Lumen Desk Lamp", "Lumen", 7L, "c-lamps", 1999L, 2499L, "EUR", (double?)2.5, 12, true, "s-1", "products/p-1/i-1.jpg"),
            (lamp.Name, lamp.Brand, lamp.Version, lamp.CategoryId, lamp.MinPrice, lamp.MaxPrice, lamp.Currency, lamp.Rating, lamp.RatingCount, lamp.InStock, lamp.SellerId, lamp.ImageKey));
        Assert.Equal(["Home", "Lighting", "Lamps"], lamp.CategoryNames);
        Assert.Equal(new Dictionary<string, string> { ["material"] = "brass", ["power"] = "40 W" }, lamp.Attributes);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), lamp.CreatedAt);
        Assert.Null(results.Hits[2].Product.Rating);
        Assert.Null(results.Hits[2].Product.ImageKey);
    }

    [Fact]
    public async Task GivesEachHitItsSortValuesAsPosition_WhenSortedByRating()
    {
        var results = await SearchAsync("search-rating-sorted.json", SearchSort.Rating);

        Assert.Equal(
            [["2.5", "12", "p-1"], ["2", "3", "p-2"], ["-Infinity", "0", "p-3"]],
            results.Hits.Select(h => h.Position.SortValues.ToArray()));
    }

    [Fact]
    public async Task RoundTripsTheScoreInThePosition_WhenSortedByRelevance()
    {
        var results = await SearchAsync("search-relevance.json", SearchSort.Relevance);

        Assert.Equal(["1.3862944", "p-1"], Assert.Single(results.Hits).Position.SortValues);
    }

    [Fact]
    public async Task CountsCategoriesAndBrandsByCountThenValue_WhenFacetsAreRead()
    {
        var facets = (await SearchAsync("search-rating-sorted.json", SearchSort.Rating)).Facets;

        Assert.Equal([new FacetCount("c-chairs", 1), new FacetCount("c-desks", 1), new FacetCount("c-lamps", 1)], facets.Categories);
        Assert.Equal([new FacetCount("Lumen", 2), new FacetCount("Acme", 1)], facets.Brands);
    }

    [Fact]
    public async Task KeepsOnlyNonEmptyPriceBucketsAndRatingFloorsInOrder_WhenFacetsAreRead()
    {
        var facets = (await SearchAsync("search-rating-sorted.json", SearchSort.Rating)).Facets;

        Assert.Equal([new FacetCount("1000", 2), new FacetCount("5000", 1)], facets.PriceBuckets);
        Assert.Equal([new FacetCount("2", 2), new FacetCount("1", 2)], facets.Ratings);
    }

    [Fact]
    public async Task ContinuesAfterAHitsPosition_WhenThatPositionIsGivenBack()
    {
        var first = await SearchAsync("search-rating-sorted.json", SearchSort.Rating);
        _stub.Handler.Requests.Clear();

        await SearchAsync("search-rating-sorted.json", SearchSort.Rating, after: first.Hits[^1].Position);

        Assert.Equal("""["-Infinity",0,"p-3"]""", _stub.Request.Json["search_after"]!.ToJsonString());
    }

    private async Task<SearchResults> SearchAsync(string fixture, SearchSort sort, SearchPosition? after = null)
    {
        _stub.Answer(fixture);
        return await _stub.Index.SearchAsync(new SearchQuery("lamp", SearchFilters.None, sort, 10, after), CancellationToken.None);
    }
}
