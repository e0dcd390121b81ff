using Shop.Core.Common;
using Shop.Core.Search;
using static Shop.Integration.Tests.Search.ProductDocumentBuilder;

namespace Shop.Integration.Tests.Search;

/// <summary>
/// What every <see cref="IProductIndex"/> must answer, whatever the engine. A subclass hands in
/// its engine's index (one per test class: its own directory, or its own index name on a shared
/// cluster); each test starts from an emptied index.
/// </summary>
public abstract class ProductIndexConformance(IProductIndex index) : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    public async Task InitializeAsync()
    {
        await index.EnsureCreatedAsync(None);
        await index.ClearAsync(None);
        await index.RefreshAsync(None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // Finding products by their words

    [Fact]
    public async Task FindsProduct_WhenWordIsInName()
    {
        var lamp = AProduct().Named("Desk Lamp");
        var table = AProduct().Named("Oak Table");
        await IndexAsync(lamp, table);

        var results = await SearchAsync("lamp");

        Assert.Equal([lamp.Id], Ids(results));
    }

    [Fact]
    public async Task FindsProduct_WhenWordIsBrand()
    {
        var lumora = AProduct().Named("Desk Lamp").ByBrand("Lumora");
        var other = AProduct().Named("Desk Lamp").ByBrand("Brightway");
        await IndexAsync(lumora, other);

        var results = await SearchAsync("lumora");

        Assert.Equal([lumora.Id], Ids(results));
    }

    [Fact]
    public async Task FindsProduct_WhenWordIsCategoryNameAlongThePath()
    {
        var lamp = AProduct().Named("Desk Lamp").In("cat-lamps", "Home", "Lighting", "Lamps");
        var sofa = AProduct().Named("Sofa").In("cat-sofas", "Home", "Furniture");
        await IndexAsync(lamp, sofa);

        var results = await SearchAsync("lighting");

        Assert.Equal([lamp.Id], Ids(results));
    }

    [Fact]
    public async Task FindsProduct_WhenWordIsAttributeValue()
    {
        var turquoise = AProduct().Named("Desk Lamp").WithAttribute("color", "turquoise");
        var black = AProduct().Named("Desk Lamp").WithAttribute("color", "black");
        await IndexAsync(turquoise, black);

        var results = await SearchAsync("turquoise");

        Assert.Equal([turquoise.Id], Ids(results));
    }

    [Fact]
    public async Task FindsProduct_WhenWordIsInDescription()
    {
        var dimmable = AProduct().Named("Desk Lamp").Described("A dimmable light for late reading.");
        var plain = AProduct().Named("Desk Lamp");
        await IndexAsync(dimmable, plain);

        var results = await SearchAsync("dimmable");

        Assert.Equal([dimmable.Id], Ids(results));
    }

    [Fact]
    public async Task ReturnsTheWholeDocument_WhenFound()
    {
        var products = await IndexAsync(AProduct()
            .Named("Desk Lamp").ByBrand("Lumora").Described("Warm light.").In("cat-lamps", "Home", "Lighting")
            .WithAttribute("color", "black").WithAttribute("wattage", "40").Priced(1999, 2999).Rated(4.25, count: 12)
            .InStock(false).SoldBy("seller-a").CreatedAt(Created.AddHours(5).ToOffset(TimeSpan.FromHours(2))).AtVersion(7));

        var results = await SearchAsync("lamp");

        AssertSameDocument(products[0], Assert.Single(results.Hits).Product);
    }

    [Theory]
    [InlineData("Desk Lamp", "lamb")]
    [InlineData("Garden Chair", "chiar")]
    [InlineData("Wireless Headphones", "headphnes")]
    [InlineData("Wireless Headphones", "haedphones")]
    [InlineData("Wireless Headphones", "hedphnes")]
    public async Task FindsProduct_WhenWordHasTyposWithinAllowance(string name, string typed)
    {
        var product = AProduct().Named(name);
        await IndexAsync(product, AProduct().Named("Oak Table"));

        var results = await SearchAsync(typed);

        Assert.Equal([product.Id], Ids(results));
    }

    [Theory]
    [InlineData("TV Stand", "tb")]
    [InlineData("Desk Lamp", "lmb")]
    [InlineData("Garden Chair", "cheer")]
    [InlineData("Wireless Headphones", "hedphns")]
    public async Task FindsNothing_WhenWordHasMoreTyposThanAllowed(string name, string typed)
    {
        await IndexAsync(AProduct().Named(name));

        var results = await SearchAsync(typed);

        Assert.Empty(results.Hits);
        Assert.Equal(0, results.Total);
    }

    [Theory]
    [InlineData("lumra")]
    [InlineData("lightnig")]
    public async Task FindsProduct_WhenWordWithTyposIsInBrandOrCategory(string typed)
    {
        var lamp = AProduct().Named("Desk Lamp").ByBrand("Lumora").In("cat-lamps", "Home", "Lighting");
        await IndexAsync(lamp, AProduct().Named("Oak Table"));

        var results = await SearchAsync(typed);

        Assert.Equal([lamp.Id], Ids(results));
    }

    [Theory]
    [InlineData("turqoise")]
    [InlineData("dimable")]
    public async Task FindsNothing_WhenWordWithTyposIsOnlyInAttributesOrDescription(string typed)
    {
        await IndexAsync(AProduct().Named("Desk Lamp").WithAttribute("color", "turquoise").Described("A dimmable light."));

        var results = await SearchAsync(typed);

        Assert.Equal(0, results.Total);
    }

    [Theory]
    [InlineData("Wall Shelf 700", "700")]
    [InlineData("Desk Lamp X200", "x200")]
    [InlineData("Audio Cable 3.5mm", "3.5mm")]
    public async Task FindsProduct_WhenWordHoldingANumberMatchesExactly(string name, string typed)
    {
        var product = AProduct().Named(name);
        await IndexAsync(product, AProduct().Named("Oak Table"));

        var results = await SearchAsync(typed);

        Assert.Equal([product.Id], Ids(results));
    }

    [Theory]
    [InlineData("Wall Shelf 700", "500")]
    [InlineData("Desk Lamp X200", "x300")]
    [InlineData("Audio Cable 3.5mm", "3.6mm")]
    public async Task FindsNothing_WhenWordHoldingANumberIsOneCharacterOff(string name, string typed)
    {
        await IndexAsync(AProduct().Named(name));

        var results = await SearchAsync(typed);

        Assert.Equal(0, results.Total);
    }

    [Fact]
    public async Task FindsProduct_WhenTwoLetterWordMatchesExactly()
    {
        var stand = AProduct().Named("TV Stand");
        await IndexAsync(stand);

        var results = await SearchAsync("tv");

        Assert.Equal([stand.Id], Ids(results));
    }

    [Theory]
    [InlineData("Café Table", "cafe")]
    [InlineData("Cafe Table", "café")]
    [InlineData("Crème Brûlée Torch", "CREME brulee")]
    public async Task FindsProduct_WhenAccentsOrCaseDiffer(string name, string typed)
    {
        var product = AProduct().Named(name);
        await IndexAsync(product, AProduct().Named("Oak Table"));

        var results = await SearchAsync(typed);

        Assert.Contains(product.Id, Ids(results));
    }

    [Fact]
    public async Task FindsOnlyProductsWithEveryWord_WhenSeveralWordsTyped()
    {
        var deskLamp = AProduct().Named("Desk Lamp");
        await IndexAsync(deskLamp, AProduct().Named("Floor Lamp"), AProduct().Named("Desk Organizer"));

        var results = await SearchAsync("desk lamp");

        Assert.Equal([deskLamp.Id], Ids(results));
    }

    [Fact]
    public async Task FindsProduct_WhenWordsMatchDifferentFields()
    {
        var lamp = AProduct().Named("Desk Lamp").ByBrand("Lumora").In("cat-lamps", "Lighting");
        await IndexAsync(lamp, AProduct().Named("Desk Lamp"));

        var results = await SearchAsync("lumora lighting lamp");

        Assert.Equal([lamp.Id], Ids(results));
    }

    [Fact]
    public async Task RanksNameMatchFirst_WhenAnotherProductHasTheWordOnlyInItsDescription()
    {
        // Made first, so the id tie-break alone would put it first; and with the shorter field, which weighs a word more.
        var described = AProduct().Named("Glass Vase").Described("A lantern.");
        var named = AProduct().Named("Garden Lantern With Hook And Chain Set");
        await IndexAsync(described, named);

        var results = await SearchAsync("lantern");

        Assert.Equal([named.Id, described.Id], Ids(results));
    }

    [Fact]
    public async Task RanksExactMatchFirst_WhenAnotherProductMatchesWithATypo()
    {
        // Made first, so the id tie-break alone would put it first; and with the shorter name, which weighs a word more.
        var near = AProduct().Named("Lamb");
        var exact = AProduct().Named("Lamp Shade With Linen Cover");
        await IndexAsync(near, exact);

        var results = await SearchAsync("lamp");

        Assert.Equal([exact.Id, near.Id], Ids(results));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task FindsEveryProduct_WhenTextIsBlank(string? text)
    {
        var products = await IndexAsync(AProduct().Named("Desk Lamp"), AProduct().Named("Oak Table"));

        var results = await SearchAsync(text);

        Assert.Equal(products.Select(p => p.Id).Order(StringComparer.Ordinal), Ids(results).Order(StringComparer.Ordinal));
        Assert.Equal(2, results.Total);
    }

    [Theory]
    [InlineData("***")]
    [InlineData("?! --")]
    public async Task FindsNothing_WhenTextHasNoWords(string text)
    {
        await IndexAsync(AProduct().Named("Desk Lamp"));

        var results = await SearchAsync(text);

        Assert.Equal(0, results.Total);
    }

    // What shoppers type is text, never query syntax

    public static TheoryData<string> HostileQueries => new()
    {
        "\"", "\"\"", "\"desk lamp", "desk lamp\"", "*", "?", "~", ":", "\\", "/", "(", ")", "[", "]", "{", "}", "^", "!",
        "&&", "||", "+", "-", "AND", "OR", "NOT", "lamp~2", "la*mp", "?amp", "name:lamp", "name:(desk OR lamp)",
        "[a TO z]", "{* TO *}", "/reg.*ex/", "lamp^10", "\\\"\\\\", "'; DROP TABLE products; --", "<script>alert(1)</script>",
        "${jndi:ldap://x}", "%s%s%n", new string('x', 300), string.Join(' ', Enumerable.Repeat("lamp", 60)),
        string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}")), "🎉🔥💡", "lamp 💡", "\u0000\u0001\u001f", "\t\r\n",
        "\u202Eesrever", "台灯", "e\u0301", "\uD800", "\uFFFF",
    };

    [Theory]
    [MemberData(nameof(HostileQueries), DisableDiscoveryEnumeration = true)]
    public async Task AnswersWithoutError_WhenQueryIsHostile(string text)
    {
        await IndexAsync(AProduct().Named("Desk Lamp"));

        var results = await index.SearchAsync(new SearchQuery(text, SearchFilters.None, SearchSort.Relevance, 10), None);
        var suggestions = await index.SuggestAsync(text, 5, None);

        Assert.InRange(results.Total, 0, 1);
        Assert.InRange(suggestions.Count, 0, 1);
    }

    [Theory]
    [InlineData("\"desk lamp\"", true)]
    [InlineData("desk* lamp?", true)]
    [InlineData("+desk -lamp", true)]
    [InlineData("(desk) [lamp]", true)]
    [InlineData("desk AND lamp", false)]
    [InlineData("desk OR sofa", false)]
    [InlineData("NOT sofa", false)]
    public async Task TreatsQuerySyntaxAsText_WhenTyped(string text, bool found)
    {
        var lamp = AProduct().Named("Desk Lamp").ByBrand("Lumora").Described("Warm light.").In("cat-lamps", "Lighting");
        await IndexAsync(lamp);

        var results = await SearchAsync(text);

        Assert.Equal(found ? new[] { lamp.Id } : [], Ids(results));
    }

    // Filters

    [Fact]
    public async Task FindsAnyOfTheCategories_WhenFilteredByCategories()
    {
        var a = AProduct().In("cat-a");
        var b = AProduct().In("cat-b");
        var c = AProduct().In("cat-c");
        await IndexAsync(a, b, c, AProduct().In("cat-ab"));

        var results = await SearchAsync(null, new SearchFilters(CategoryIds: ["cat-a", "cat-c"]));

        Assert.Equal(Sorted(a.Id, c.Id), Sorted(Ids(results)));
    }

    [Fact]
    public async Task FindsNothing_WhenFilteredByNoCategories()
    {
        await IndexAsync(AProduct().In("cat-a"));

        var results = await SearchAsync(null, new SearchFilters(CategoryIds: []));

        Assert.Equal(0, results.Total);
    }

    [Theory]
    [InlineData(1000L, 2000L, new[] { 1000L, 1500L, 2000L })]
    [InlineData(1000L, null, new[] { 1000L, 1500L, 2000L, 2001L })]
    [InlineData(null, 1000L, new[] { 999L, 1000L })]
    [InlineData(1500L, 1500L, new[] { 1500L })]
    public async Task FindsPricesWithinInclusiveBounds_WhenFilteredByPrice(long? min, long? max, long[] expected)
    {
        await IndexAsync([.. new[] { 999L, 1000L, 1500L, 2000L, 2001L }.Select(price => AProduct().Priced(price, price + 5000))]);

        var results = await SearchAsync(null, new SearchFilters(MinPrice: min, MaxPrice: max));

        Assert.Equal(expected, results.Hits.Select(h => h.Product.MinPrice).Order());
    }

    [Fact]
    public async Task FindsRatingsAtLeastTheMinimum_WhenFilteredByRating()
    {
        var high = AProduct().Rated(4.5);
        var four = AProduct().Rated(4.0);
        await IndexAsync(high, four, AProduct().Rated(3.9), AProduct().Unrated());

        var results = await SearchAsync(null, new SearchFilters(MinRating: 4));

        Assert.Equal(Sorted(high.Id, four.Id), Sorted(Ids(results)));
    }

    [Fact]
    public async Task LeavesOutUnratedProducts_WhenFilteredByZeroRating()
    {
        var rated = AProduct().Rated(1.0);
        await IndexAsync(rated, AProduct().Unrated());

        var results = await SearchAsync(null, new SearchFilters(MinRating: 0));

        Assert.Equal([rated.Id], Ids(results));
    }

    [Fact]
    public async Task FindsOnlyInStockProducts_WhenFilteredByInStock()
    {
        var available = AProduct().InStock();
        await IndexAsync(available, AProduct().InStock(false));

        var results = await SearchAsync(null, new SearchFilters(InStock: true));

        Assert.Equal([available.Id], Ids(results));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public async Task FindsProductsInAndOutOfStock_WhenInStockIsNotTrue(bool? inStock)
    {
        await IndexAsync(AProduct().InStock(), AProduct().InStock(false));

        var results = await SearchAsync(null, new SearchFilters(InStock: inStock));

        Assert.Equal(2, results.Total);
    }

    [Fact]
    public async Task FindsOnlyTheSellersProducts_WhenFilteredBySeller()
    {
        var mine = AProduct().SoldBy("seller-a");
        await IndexAsync(mine, AProduct().SoldBy("seller-b"), AProduct().SoldBy("seller-ab"));

        var results = await SearchAsync(null, new SearchFilters(SellerId: "seller-a"));

        Assert.Equal([mine.Id], Ids(results));
    }

    [Theory]
    [InlineData("lamp")]
    [InlineData(null)]
    public async Task FindsMatchesOfEveryBatch_WhenFilteringProductsWrittenInSeveralBatches(string? text)
    {
        var first = AProduct().Named("Desk Lamp").In("cat-a").SoldBy("seller-a");
        var second = AProduct().Named("Floor Lamp").In("cat-a").SoldBy("seller-a");
        var table = AProduct().Named("Oak Table").In("cat-a").SoldBy("seller-a");
        await IndexAsync(first, AProduct().Named("Desk Lamp").In("cat-b").SoldBy("seller-a"));
        await IndexAsync(second, AProduct().Named("Floor Lamp").In("cat-a").SoldBy("seller-b"));
        await IndexAsync(table, AProduct().Named("Wall Lamp").In("cat-b").SoldBy("seller-b"));

        var results = await SearchAsync(text, new SearchFilters(CategoryIds: ["cat-a"], SellerId: "seller-a"));

        var expected = text is null ? new[] { first.Id, second.Id, table.Id } : [first.Id, second.Id];
        Assert.Equal(Sorted(expected), Sorted(Ids(results)));
        Assert.Equal(expected.Length, results.Total);
    }

    [Fact]
    public async Task FindsOnlyProductsPassingEveryFilter_WhenFiltersAndTextCombine()
    {
        ProductDocumentBuilder Matching() => AProduct().Named("Desk Lamp").In("cat-a").Priced(2000).Rated(4.5).InStock().SoldBy("seller-a");
        var match = Matching();
        await IndexAsync(
            match,
            Matching().Named("Oak Table"),
            Matching().In("cat-b"),
            Matching().Priced(5000),
            Matching().Rated(3.0),
            Matching().InStock(false),
            Matching().SoldBy("seller-b"));

        var results = await SearchAsync("lamp", new SearchFilters(["cat-a"], 1000, 3000, 4, true, "seller-a"));

        Assert.Equal([match.Id], Ids(results));
        Assert.Equal(1, results.Total);
    }

    // Orders

    [Fact]
    public async Task OrdersByLowestPriceThenId_WhenSortedByPriceAscending()
    {
        var (mid, cheap, dear, cheapToo) = (AProduct().Priced(2000), AProduct().Priced(1000), AProduct().Priced(3000), AProduct().Priced(1000));
        await IndexAsync(mid, cheap, dear, cheapToo);

        var results = await SearchAsync(null, sort: SearchSort.PriceAscending);

        Assert.Equal([cheap.Id, cheapToo.Id, mid.Id, dear.Id], Ids(results));
    }

    [Fact]
    public async Task OrdersByLowestPriceDescendingThenId_WhenSortedByPriceDescending()
    {
        var (mid, cheap, dear, dearToo) = (AProduct().Priced(2000), AProduct().Priced(1000), AProduct().Priced(3000), AProduct().Priced(3000));
        await IndexAsync(mid, cheap, dear, dearToo);

        var results = await SearchAsync(null, sort: SearchSort.PriceDescending);

        Assert.Equal([dear.Id, dearToo.Id, mid.Id, cheap.Id], Ids(results));
    }

    [Fact]
    public async Task OrdersByRatingThenReviewCountWithUnratedLast_WhenSortedByRating()
    {
        var unrated = AProduct().Unrated();
        var fewReviews = AProduct().Rated(4.5, count: 3);
        var low = AProduct().Rated(3.0, count: 50);
        var manyReviews = AProduct().Rated(4.5, count: 10);
        var best = AProduct().Rated(5.0, count: 1);
        var unratedToo = AProduct().Unrated();
        await IndexAsync(unrated, fewReviews, low, manyReviews, best, unratedToo);

        var results = await SearchAsync(null, sort: SearchSort.Rating);

        Assert.Equal([best.Id, manyReviews.Id, fewReviews.Id, low.Id, unrated.Id, unratedToo.Id], Ids(results));
    }

    [Theory]
    [InlineData(SearchSort.Newest, "lamp")]
    [InlineData(SearchSort.Newest, null)]
    [InlineData(SearchSort.Relevance, null)]
    public async Task OrdersNewestFirstThenById_WhenSortedByNewestOrByRelevanceWithoutText(SearchSort sort, string? text)
    {
        var old = AProduct().Named("Lamp").CreatedAt(Created);
        var recent = AProduct().Named("Lamp").CreatedAt(Created.AddDays(2));
        var middle = AProduct().Named("Lamp").CreatedAt(Created.AddDays(1));
        var recentToo = AProduct().Named("Lamp").CreatedAt(Created.AddDays(2));
        await IndexAsync(old, recent, middle, recentToo);

        var results = await SearchAsync(text, sort: sort);

        Assert.Equal([recent.Id, recentToo.Id, middle.Id, old.Id], Ids(results));
    }

    // Pages

    [Theory]
    [InlineData(SearchSort.Relevance, "lamp")]
    [InlineData(SearchSort.Relevance, null)]
    [InlineData(SearchSort.PriceAscending, null)]
    [InlineData(SearchSort.PriceDescending, "lamp")]
    [InlineData(SearchSort.Rating, null)]
    [InlineData(SearchSort.Newest, null)]
    public async Task ReturnsEveryMatchOnceInOrder_WhenPagingAfterEachPagesLastHit(SearchSort sort, string? text)
    {
        // Written in several batches, so an engine holding segments has several to merge results across.
        var products = new List<ProductDocument>();
        foreach (var batch in Enumerable.Range(0, 50).Chunk(10))
        {
            products.AddRange(await IndexAsync([.. batch.Select(Varied)]));
        }
        var whole = await SearchAsync(text, sort: sort, limit: 100);

        var paged = new List<string>();
        SearchPosition? after = null;
        for (var page = 0; page < 20; page++)
        {
            var results = await SearchAsync(text, sort: sort, limit: 7, after: after);
            Assert.Equal(whole.Total, results.Total);
            paged.AddRange(Ids(results));
            if (results.Hits.Count < 7)
            {
                break;
            }
            after = results.Hits[^1].Position;
        }

        var matching = text is null ? products : products.Where(p => (p.Name + " " + p.Description).Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(matching.Count, whole.Total);
        Assert.Equal(Ids(whole), paged);
        Assert.Equal(Sorted([.. matching.Select(p => p.Id)]), Sorted([.. paged]));
        if (text is null || sort != SearchSort.Relevance)
        {
            Assert.Equal(InOrder(matching, sort), paged);
        }
    }

    [Theory]
    [InlineData(SearchSort.PriceAscending, null, new string[0])]
    [InlineData(SearchSort.PriceAscending, null, new[] { "1000" })]
    [InlineData(SearchSort.PriceAscending, null, new[] { "1000", "p-1", "extra" })]
    [InlineData(SearchSort.PriceAscending, null, new[] { "cheap", "p-1" })]
    [InlineData(SearchSort.PriceDescending, null, new[] { "10.5", "p-1" })]
    [InlineData(SearchSort.Rating, null, new[] { "4.5", "many", "p-1" })]
    [InlineData(SearchSort.Newest, null, new[] { "yesterday", "p-1" })]
    [InlineData(SearchSort.Relevance, "lamp", new[] { "high", "p-1" })]
    [InlineData(SearchSort.Relevance, "lamp", new[] { "p-1" })]
    public async Task RefusesPosition_WhenItDoesNotFitTheOrder(SearchSort sort, string? text, string[] values)
    {
        await IndexAsync(AProduct().Named("Lamp"));

        await Assert.ThrowsAsync<InvalidCursorException>(() => SearchAsync(text, sort: sort, after: new SearchPosition(values)));
    }

    // Facets

    [Fact]
    public async Task CountsCategoriesAndBrandsOfEveryMatch_WhenPageIsSmaller()
    {
        await IndexAsync(
            AProduct().In("cat-a").ByBrand("Zeta"),
            AProduct().In("cat-b").ByBrand("Zeta"),
            AProduct().In("cat-b").ByBrand("Acme"),
            AProduct().In("cat-b").ByBrand("Acme"),
            AProduct().In("cat-c").ByBrand("Beta"),
            AProduct().In("cat-c").ByBrand("Beta"));

        var results = await SearchAsync(null, limit: 1);

        Assert.Single(results.Hits);
        Assert.Equal(6, results.Total);
        Assert.Equal([new("cat-b", 3), new("cat-c", 2), new FacetCount("cat-a", 1)], results.Facets.Categories);
        Assert.Equal([new("Acme", 2), new("Beta", 2), new FacetCount("Zeta", 2)], results.Facets.Brands);
    }

    [Fact]
    public async Task CountsOnlyMatches_WhenTextAndFiltersNarrowTheSearch()
    {
        await IndexAsync(
            AProduct().Named("Desk Lamp").In("cat-a").ByBrand("Lumora").Priced(1500).Rated(4.2).SoldBy("seller-a"),
            AProduct().Named("Floor Lamp").In("cat-b").ByBrand("Lumora").Priced(6000).Unrated().SoldBy("seller-a"),
            AProduct().Named("Floor Lamp").In("cat-a").ByBrand("Brightway").Priced(1500).Rated(4.2).SoldBy("seller-b"),
            AProduct().Named("Oak Table").In("cat-c").ByBrand("Woodline").Priced(30000).Rated(2.0).SoldBy("seller-a"));

        var results = await SearchAsync("lamp", new SearchFilters(SellerId: "seller-a"));

        Assert.Equal(2, results.Total);
        Assert.Equal([new("cat-a", 1), new FacetCount("cat-b", 1)], results.Facets.Categories);
        Assert.Equal([new FacetCount("Lumora", 2)], results.Facets.Brands);
        Assert.Equal([new("1000", 1), new FacetCount("5000", 1)], results.Facets.PriceBuckets);
        Assert.Equal([new("4", 1), new("3", 1), new("2", 1), new FacetCount("1", 1)], results.Facets.Ratings);
    }

    [Fact]
    public async Task CountsOnlyTheCurrentDocument_WhenAProductWasReplaced()
    {
        var product = AProduct().In("cat-a").ByBrand("Acme").Priced(1000).Rated(4.5).AtVersion(1);
        await IndexAsync(product);

        await IndexAsync(product.In("cat-b").ByBrand("Zeta").Priced(3000).Rated(2.5).AtVersion(2));
        var results = await SearchAsync(null);

        Assert.Equal(1, results.Total);
        Assert.Equal([new FacetCount("cat-b", 1)], results.Facets.Categories);
        Assert.Equal([new FacetCount("Zeta", 1)], results.Facets.Brands);
        Assert.Equal([new FacetCount("2500", 1)], results.Facets.PriceBuckets);
        Assert.Equal([new("2", 1), new FacetCount("1", 1)], results.Facets.Ratings);
    }

    [Fact]
    public async Task CountsTheNewProduct_WhenEverythingIsSearchedAgainAfterAWrite()
    {
        await IndexAsync(AProduct().In("cat-a").ByBrand("Acme"));
        var before = await SearchAsync(null);

        await IndexAsync(AProduct().In("cat-b").ByBrand("Zeta"));
        var after = await SearchAsync(null);

        Assert.Equal(1, before.Total);
        Assert.Equal(2, after.Total);
        Assert.Equal([new("cat-a", 1), new FacetCount("cat-b", 1)], after.Facets.Categories);
        Assert.Equal([new("Acme", 1), new FacetCount("Zeta", 1)], after.Facets.Brands);
    }

    [Fact]
    public async Task LeavesOutTheDeletedProduct_WhenEverythingIsSearchedAgainAfterADelete()
    {
        var products = await IndexAsync(AProduct().In("cat-a").AtVersion(1), AProduct().In("cat-b"));
        var before = await SearchAsync(null);

        Assert.True(await index.DeleteAsync(products[0].Id, 1, None));
        await index.RefreshAsync(None);
        var after = await SearchAsync(null);

        Assert.Equal(2, before.Total);
        Assert.Equal(1, after.Total);
        Assert.Equal([new FacetCount("cat-b", 1)], after.Facets.Categories);
    }

    [Fact]
    public async Task CountsLowestPricesIntoBucketsNamedByLowerBound_WhenPricesSpreadOut()
    {
        await IndexAsync([.. new[] { 0L, 999L, 1000L, 2499L, 2500L, 50_000L, 75_000L }.Select(price => AProduct().Priced(price, 99_000))]);

        var results = await SearchAsync(null);

        Assert.Equal([new("0", 2), new("1000", 2), new("2500", 1), new FacetCount("50000", 2)], results.Facets.PriceBuckets);
    }

    [Fact]
    public async Task CountsRatingFloorsCumulatively_WhenRatingsSpreadOut()
    {
        await IndexAsync(AProduct().Rated(3.5), AProduct().Rated(3.0), AProduct().Rated(1.2), AProduct().Unrated());

        var results = await SearchAsync(null);

        Assert.Equal([new("3", 2), new("2", 2), new FacetCount("1", 3)], results.Facets.Ratings);
    }

    [Fact]
    public async Task ListsOnlyTheMostFrequentBrands_WhenThereAreMoreThanTheBrandFacetLimit()
    {
        var brands = Enumerable.Range(1, 22).Select(i => $"Brand-{i:D2}").ToList();
        var counts = brands.ToDictionary(b => b, b => b switch { "Brand-22" => 3, "Brand-20" or "Brand-21" => 1, _ => 2 });
        await IndexAsync([.. counts.SelectMany(c => Enumerable.Range(0, c.Value).Select(_ => AProduct().ByBrand(c.Key)))]);

        var results = await SearchAsync(null, limit: 1);

        var expected = brands.Take(19).Select(b => new FacetCount(b, 2)).Prepend(new FacetCount("Brand-22", 3)).ToList();
        Assert.Equal(ProductIndexDefinition.MaxBrandFacets, results.Facets.Brands.Count);
        Assert.Equal(expected, results.Facets.Brands);
    }

    // Versions

    [Fact]
    public async Task RefusesDocumentAndKeepsNewer_WhenUpsertedVersionIsOlder()
    {
        var newer = AProduct().Named("Lamp Deluxe").AtVersion(2);
        await IndexAsync(newer);

        var stored = await index.UpsertAsync(AProduct().WithId(newer.Id).Named("Lamp Basic").AtVersion(1).Build(), None);
        await index.RefreshAsync(None);

        Assert.False(stored);
        Assert.Equal("Lamp Deluxe", Assert.Single((await SearchAsync("lamp")).Hits).Product.Name);
    }

    [Fact]
    public async Task RefusesOlderVersion_WhenNewerIsNotYetRefreshed()
    {
        var id = AProduct().Id;
        Assert.True(await index.UpsertAsync(AProduct().WithId(id).Named("Lamp Deluxe").AtVersion(2).Build(), None));

        var stored = await index.UpsertAsync(AProduct().WithId(id).Named("Lamp Basic").AtVersion(1).Build(), None);
        await index.RefreshAsync(None);

        Assert.False(stored);
        Assert.Equal("Lamp Deluxe", Assert.Single((await SearchAsync("lamp")).Hits).Product.Name);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ReplacesDocument_WhenUpsertedVersionIsEqualOrNewer(long version)
    {
        var product = AProduct().Named("Desk Lamp").InStock().AtVersion(1);
        await IndexAsync(product);

        var stored = await index.UpsertAsync(product.InStock(false).AtVersion(version).Build(), None);
        await index.RefreshAsync(None);

        Assert.True(stored);
        var hit = Assert.Single((await SearchAsync("lamp")).Hits);
        Assert.False(hit.Product.InStock);
        Assert.Equal(version, hit.Product.Version);
        Assert.Equal(0, (await SearchAsync("lamp", new SearchFilters(InStock: true))).Total);
    }

    [Fact]
    public async Task KeepsDocument_WhenDeletedWithAnOlderVersion()
    {
        var product = AProduct().Named("Desk Lamp").AtVersion(3);
        await IndexAsync(product);

        var removed = await index.DeleteAsync(product.Id, 2, None);
        await index.RefreshAsync(None);

        Assert.False(removed);
        Assert.Equal([product.Id], Ids(await SearchAsync("lamp")));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(long.MaxValue)]
    public async Task RemovesDocument_WhenDeletedWithItsVersionOrNewer(long version)
    {
        var product = AProduct().Named("Desk Lamp").AtVersion(3);
        var other = AProduct().Named("Floor Lamp");
        await IndexAsync(product, other);

        var removed = await index.DeleteAsync(product.Id, version, None);
        await index.RefreshAsync(None);

        Assert.True(removed);
        Assert.Equal([other.Id], Ids(await SearchAsync("lamp")));
    }

    [Fact]
    public async Task ReportsRemoved_WhenDeletingAProductNotIndexed()
    {
        var removed = await index.DeleteAsync(AProduct().Id, 1, None);

        Assert.True(removed);
    }

    [Fact]
    public async Task StoresDocumentAgain_WhenUpsertedAfterDelete()
    {
        var product = AProduct().Named("Desk Lamp").AtVersion(1);
        await IndexAsync(product);
        Assert.True(await index.DeleteAsync(product.Id, 1, None));

        var stored = await index.UpsertAsync(product.AtVersion(1).Build(), None);
        await index.RefreshAsync(None);

        Assert.True(stored);
        Assert.Equal([product.Id], Ids(await SearchAsync("lamp")));
    }

    [Fact]
    public async Task KeepsHighestVersion_WhenUpsertsOfOneProductRace()
    {
        var id = AProduct().Id;
        var versions = Enumerable.Range(1, 40).Select(v => (long)v).OrderBy(_ => Random.Shared.Next()).ToList();
        using var start = new ManualResetEventSlim();

        var writers = versions.Select(version => Task.Run(async () =>
        {
            start.Wait();
            return await index.UpsertAsync(AProduct().WithId(id).Named($"Lamp {version}").AtVersion(version).Build(), None);
        })).ToList();
        start.Set();
        await Task.WhenAll(writers);
        await index.RefreshAsync(None);

        var hit = Assert.Single((await SearchAsync("lamp")).Hits);
        Assert.Equal(40, hit.Product.Version);
        Assert.Equal("Lamp 40", hit.Product.Name);
    }

    [Fact]
    public async Task LosesNoWrite_WhenSearchesAndUpsertsRunConcurrently()
    {
        using var writing = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 30; i++)
            {
                Assert.True(await index.UpsertAsync(AProduct().Named($"Lamp {i}").Priced(1000 + i).Build(), None));
            }
        })).ToList();
        var searchers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var searches = 0;
            while (!writing.IsCancellationRequested || searches == 0)
            {
                var results = await SearchAsync("lamp", sort: SearchSort.PriceAscending, limit: 5);
                Assert.InRange(results.Total, 0, 90);
                searches++;
            }
            return searches;
        })).ToList();

        await Task.WhenAll(writers);
        await writing.CancelAsync();
        await Task.WhenAll(searchers);
        await index.RefreshAsync(None);

        Assert.Equal(90, (await SearchAsync("lamp")).Total);
    }

    // Visibility

    [Fact]
    public async Task ShowsWriteWithoutRefresh_WhenSearchedAfterTheEnginesOwnRefresh()
    {
        var lamp = AProduct().Named("Desk Lamp").Build();
        Assert.True(await index.UpsertAsync(lamp, None));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        var found = false;
        while (!found && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            found = (await SearchAsync("lamp")).Total == 1;
        }

        Assert.True(found, "The write was not searchable 5 s later without a refresh.");
    }

    [Fact]
    public async Task EmptiesIndex_WhenCleared()
    {
        await IndexAsync(AProduct().Named("Desk Lamp"), AProduct().Named("Oak Table"));

        await index.ClearAsync(None);
        await index.RefreshAsync(None);

        Assert.Equal(0, (await SearchAsync(null)).Total);
        Assert.Empty(await index.SuggestAsync("des", 5, None));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ForgetsVersions_WhenCleared(bool refreshedBeforeClear)
    {
        var product = AProduct().Named("Desk Lamp").AtVersion(5);
        Assert.True(await index.UpsertAsync(product.Build(), None));
        Assert.True(await index.UpsertAsync(AProduct().Named("Floor Lamp").Build(), None));
        if (refreshedBeforeClear)
        {
            await index.RefreshAsync(None);
        }

        await index.ClearAsync(None);
        var olderStored = await index.UpsertAsync(product.AtVersion(1).Build(), None);
        await index.RefreshAsync(None);

        Assert.True(olderStored, "An older version is refused after a clear.");
        Assert.Equal(1, Assert.Single((await SearchAsync("lamp")).Hits).Product.Version);
    }

    [Fact]
    public async Task AnswersPing_WhenIndexIsUp()
    {
        await index.PingAsync(None);
        await index.EnsureCreatedAsync(None);

        Assert.Equal(0, (await SearchAsync(null)).Total);
    }

    // Suggestions

    [Fact]
    public async Task CompletesLastWord_WhenPrefixIsPartial()
    {
        await IndexAsync(
            AProduct().Named("Desk Lamp").Rated(4, count: 5),
            AProduct().Named("Floor Lamp").Rated(4, count: 9),
            AProduct().Named("Desk Organizer").Rated(4, count: 20));

        var suggestions = await index.SuggestAsync("lam", 5, None);

        Assert.Equal(["Floor Lamp", "Desk Lamp"], suggestions.Select(s => s.Text));
    }

    [Fact]
    public async Task NamesTheProductSuggested_WhenCompleting()
    {
        var lamp = AProduct().Named("Desk Lamp");
        await IndexAsync(lamp);

        var suggestion = Assert.Single(await index.SuggestAsync("desk l", 5, None));

        Assert.Equal(new Suggestion("Desk Lamp", lamp.Id), suggestion);
    }

    [Fact]
    public async Task CompletesFromBrand_WhenPrefixStartsABrand()
    {
        await IndexAsync(AProduct().Named("Desk Lamp").ByBrand("Lumora"), AProduct().Named("Oak Table").ByBrand("Woodline"));

        var suggestions = await index.SuggestAsync("lum", 5, None);

        Assert.Equal(["Desk Lamp"], suggestions.Select(s => s.Text));
    }

    [Fact]
    public async Task RequiresEarlierWordsWhole_WhenPrefixHasSeveralWords()
    {
        await IndexAsync(AProduct().Named("Desk Lamp"), AProduct().Named("Desk Lantern"), AProduct().Named("Floor Lamp"));

        var whole = await index.SuggestAsync("desk lamp", 5, None);
        var partial = await index.SuggestAsync("des lam", 5, None);
        var completed = await index.SuggestAsync("desk lan", 5, None);

        Assert.Equal(["Desk Lamp"], whole.Select(s => s.Text));
        Assert.Empty(partial);
        Assert.Equal(["Desk Lantern"], completed.Select(s => s.Text));
    }

    [Fact]
    public async Task SuggestsEachNameOnceForItsMostReviewedProduct_WhenProductsShareAName()
    {
        var mostReviewed = AProduct().Named("Desk Lamp").Rated(4, count: 90);
        await IndexAsync([
            .. Enumerable.Range(0, 30).Select(i => AProduct().Named("Desk Lamp").Rated(4, count: 50 + i)),
            mostReviewed,
            AProduct().Named("Desk Lantern").Rated(4, count: 1)]);

        var suggestions = await index.SuggestAsync("desk", 2, None);

        Assert.Equal([new Suggestion("Desk Lamp", mostReviewed.Id), new Suggestion("Desk Lantern", suggestions[^1].ProductId)], suggestions);
    }

    [Fact]
    public async Task SuggestsEachNameOnceForItsMostReviewedProduct_WhenProductsWereWrittenInSeveralBatches()
    {
        var lessReviewed = AProduct().Named("Desk Lamp").Rated(4, count: 40);
        var lantern = AProduct().Named("Desk Lantern").Rated(4, count: 60);
        var mostReviewed = AProduct().Named("Desk Lamp").Rated(4, count: 90);
        var light = AProduct().Named("Desk Light").Rated(4, count: 10);
        await IndexAsync(lessReviewed, lantern);
        await IndexAsync(mostReviewed);
        await IndexAsync(light);

        var suggestions = await index.SuggestAsync("desk", 3, None);

        Assert.Equal([new("Desk Lamp", mostReviewed.Id), new("Desk Lantern", lantern.Id), new Suggestion("Desk Light", light.Id)], suggestions);
    }

    [Fact]
    public async Task SuggestsTheNextProductOfTheName_WhenTheMostReviewedIsDeleted()
    {
        var mostReviewed = AProduct().Named("Desk Lamp").Rated(4, count: 90).AtVersion(1);
        var next = AProduct().Named("Desk Lamp").Rated(4, count: 40);
        await IndexAsync(mostReviewed, next);

        Assert.True(await index.DeleteAsync(mostReviewed.Id, 1, None));
        await index.RefreshAsync(None);
        var suggestion = Assert.Single(await index.SuggestAsync("desk", 5, None));

        Assert.Equal(new Suggestion("Desk Lamp", next.Id), suggestion);
    }

    [Fact]
    public async Task OrdersByReviewCountThenName_WhenSuggesting()
    {
        await IndexAsync(
            AProduct().Named("Lamp Gamma").Rated(4, count: 5),
            AProduct().Named("Lamp Beta").Rated(4, count: 9),
            AProduct().Named("Lamp Alpha").Rated(4, count: 5));

        var suggestions = await index.SuggestAsync("lamp", 5, None);

        Assert.Equal(["Lamp Beta", "Lamp Alpha", "Lamp Gamma"], suggestions.Select(s => s.Text));
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(50, ProductIndexDefinition.MaxSuggestions)]
    public async Task SuggestsAtMostTheLimit_WhenManyNamesComplete(int limit, int expected)
    {
        await IndexAsync([.. Enumerable.Range(1, 15).Select(i => AProduct().Named($"Lamp {i:D2}"))]);

        var suggestions = await index.SuggestAsync("lamp", limit, None);

        Assert.Equal(expected, suggestions.Count);
        Assert.Equal(expected, suggestions.Select(s => s.Text).Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("***")]
    public async Task SuggestsNothing_WhenPrefixHasNoWords(string prefix)
    {
        await IndexAsync(AProduct().Named("Desk Lamp"));

        var suggestions = await index.SuggestAsync(prefix, 5, None);

        Assert.Empty(suggestions);
    }

    // Helpers

    /// <summary>Upserts every product (each must be stored), then refreshes.</summary>
    protected async Task<IReadOnlyList<ProductDocument>> IndexAsync(params ProductDocumentBuilder[] products)
    {
        var documents = products.Select(p => p.Build()).ToList();
        foreach (var document in documents)
        {
            Assert.True(await index.UpsertAsync(document, None), $"{document.Id} was refused.");
        }
        await index.RefreshAsync(None);
        return documents;
    }

    protected Task<SearchResults> SearchAsync(string? text, SearchFilters? filters = null, SearchSort sort = SearchSort.Relevance, int limit = 100, SearchPosition? after = null) =>
        index.SearchAsync(new SearchQuery(text, filters ?? SearchFilters.None, sort, limit, after), None);

    protected static string[] Ids(SearchResults results) => [.. results.Hits.Select(h => h.Product.Id)];

    protected static void AssertSameDocument(ProductDocument expected, ProductDocument actual)
    {
        Assert.Equal(expected.CategoryNames, actual.CategoryNames);
        Assert.Equal(expected.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal), actual.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal));
        Assert.Equal(expected with { CategoryNames = actual.CategoryNames, Attributes = actual.Attributes }, actual);
    }

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    /// <summary>Fifty products with ties in every sort key and "lamp" in the name, the description, both or neither.</summary>
    private static ProductDocumentBuilder Varied(int i)
    {
        var product = AProduct()
            .Named(i % 3 == 0 ? $"Lamp {i}" : $"Shade {i}")
            .Described(i % 2 == 0 ? "A lamp for reading." : "Bright and warm.")
            .Priced(1000 + i % 7 * 500)
            .CreatedAt(Created.AddDays(i % 10));
        return i % 5 == 0 ? product.Unrated() : product.Rated(1 + i % 4, count: i % 3);
    }

    /// <summary>The order each sort promises, worked out here from the documents.</summary>
    private static string[] InOrder(IEnumerable<ProductDocument> products, SearchSort sort)
    {
        var ordered = sort switch
        {
            SearchSort.PriceAscending => products.OrderBy(p => p.MinPrice),
            SearchSort.PriceDescending => products.OrderByDescending(p => p.MinPrice),
            SearchSort.Rating => products.OrderByDescending(p => p.Rating ?? double.NegativeInfinity).ThenByDescending(p => p.RatingCount),
            _ => products.OrderByDescending(p => p.CreatedAt),
        };
        return [.. ordered.ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id)];
    }
}
