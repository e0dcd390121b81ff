using Shop.Adapters.DynamoDb;
using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.TestProduct;

namespace Shop.Integration.Tests.Catalog;

/// <summary>The product store against moto's DynamoDB, on a fresh table with the data model's indexes.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class DynamoDbProductStoreTests(LocalEnvironmentFixture fixture) : IAsyncLifetime
{
    private DynamoDbProductStore _store = null!;

    public async Task InitializeAsync() =>
        _store = new DynamoDbProductStore(fixture.Environment.Aws.DynamoDb, await CatalogTable.CreateAsync(fixture.Environment.Aws.DynamoDb));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ReadsBackWhatItWrote_WhenProductHasVariants()
    {
        var product = AProduct().WithVariant(8999, 3, color: "red").WithVariant(7999, 0, color: "blue").Build();

        await _store.CreateAsync(product, CancellationToken.None);
        var read = await _store.FindAsync(product.Id, CancellationToken.None);

        AssertSame(product, read);
        Assert.Equal(new Money(7999, "EUR"), read!.MinPrice);
        var owner = await _store.FindSkuAsync(product.Variants[0].Sku, CancellationToken.None);
        Assert.Equal(new SkuOwner(product.Variants[0].Sku, product.Id, product.SellerId), owner);
    }

    [Fact]
    public async Task ReadsBackEmptyCollections_WhenProductHasNoOptionsAttributesOrImages()
    {
        var built = AProduct().Build();
        var product = built with
        {
            Options = [],
            Attributes = new Dictionary<string, string>(),
            Images = [],
            Description = "",
            Variants = [built.Variants[0] with { Options = new Dictionary<string, string>() }],
        };

        await _store.CreateAsync(product, CancellationToken.None);

        AssertSame(product, await _store.FindAsync(product.Id, CancellationToken.None));
    }

    [Fact]
    public async Task KeepsVariantsAndStockInStep_WhenVariantsAndStockChange()
    {
        var product = AProduct().WithVariant(8999, 3, color: "red").WithVariant(9999, 1, color: "blue").Build();
        var red = product.Variants.Single(v => v.Options["color"] == "red");
        var blue = product.Variants.Single(v => v.Options["color"] == "blue");
        await _store.CreateAsync(product, CancellationToken.None);
        var owner = (await _store.FindSkuAsync(red.Sku, CancellationToken.None))!;

        Assert.Equal(7, await _store.ChangeStockAsync(owner, new StockChange.SetTo(7), CancellationToken.None));
        Assert.Equal(10, await _store.ChangeStockAsync(owner, new StockChange.AdjustBy(3), CancellationToken.None));
        var repriced = blue with { Price = new Money(4999, "EUR") };
        var v2 = (product with { Variants = [red, repriced] }).Changed(Epoch.AddHours(1));
        await _store.UpdateVariantAsync(v2, product.Version, repriced, CancellationToken.None);
        var added = new Variant("ADDED-" + product.Id, product.Id, new Dictionary<string, string> { ["color"] = "green" }, new Money(5999, "EUR"), 4, Epoch);
        var v3 = (v2 with { Variants = [.. v2.Variants, added] }).Changed(Epoch.AddHours(2));
        await _store.AddVariantAsync(v3, v2.Version, added, CancellationToken.None);
        var v4 = (v3 with { Variants = v3.Variants.Where(v => v.Sku != red.Sku).ToList() }).Changed(Epoch.AddHours(3));
        await _store.RemoveVariantAsync(v4, v3.Version, red.Sku, CancellationToken.None);

        var read = (await _store.FindAsync(product.Id, CancellationToken.None))!;
        Assert.Equal(4, read.Version);
        Assert.Equal(new Money(4999, "EUR"), read.MinPrice);
        Assert.Equal(
            new[] { (added.Sku, 5999L, 4), (repriced.Sku, 4999L, 1) }.OrderBy(v => v.Item1, StringComparer.Ordinal),
            read.Variants.Select(v => (v.Sku, v.Price.Amount, v.Stock)));
        Assert.Null(await _store.FindSkuAsync(red.Sku, CancellationToken.None));
    }

    [Fact]
    public async Task RefusesWriteAndKeepsProduct_WhenVersionIsStale()
    {
        var product = AProduct().Build();
        await _store.CreateAsync(product, CancellationToken.None);
        await _store.UpdateAsync((product with { Name = "First" }).Changed(Epoch.AddHours(1)), product.Version, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentChangeException>(() =>
            _store.UpdateAsync((product with { Name = "Second" }).Changed(Epoch.AddHours(2)), product.Version, CancellationToken.None));

        Assert.Equal("First", (await _store.FindAsync(product.Id, CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task RefusesSecondProductAndWritesNothingOfIt_WhenSkuIsTaken()
    {
        var first = AProduct().WithVariant(sku: "SHARED-" + Guid.NewGuid().ToString("N")[..8]).Build();
        var second = AProduct().WithVariant(color: "blue").WithVariant(sku: first.Variants[0].Sku).Build();
        await _store.CreateAsync(first, CancellationToken.None);

        var taken = await Assert.ThrowsAsync<SkuTakenException>(() => _store.CreateAsync(second, CancellationToken.None));

        Assert.Equal([first.Variants[0].Sku], taken.Skus);
        Assert.Null(await _store.FindAsync(second.Id, CancellationToken.None));
        Assert.Null(await _store.FindSkuAsync(second.Variants.Single(v => v.Sku != first.Variants[0].Sku).Sku, CancellationToken.None));
    }

    [Fact]
    public async Task LetsExactlyOneClaimTheSku_WhenManyCreatesRaceForIt()
    {
        const int racers = 12;
        var sku = "RACE-" + Guid.NewGuid().ToString("N")[..8];
        var products = Enumerable.Range(0, racers).Select(_ => AProduct().WithVariant(sku: sku).Build()).ToList();
        var start = new TaskCompletionSource();

        var attempts = products.Select(async product =>
        {
            await start.Task;
            try
            {
                await _store.CreateAsync(product, CancellationToken.None);
                return product.Id;
            }
            catch (Exception error) when (error is SkuTakenException or ConcurrentChangeException)
            {
                return null;
            }
        }).ToList();
        start.SetResult();
        var winners = (await Task.WhenAll(attempts)).OfType<string>().ToList();

        var winner = Assert.Single(winners);
        Assert.Equal(winner, (await _store.FindSkuAsync(sku, CancellationToken.None))!.ProductId);
        foreach (var loser in products.Where(p => p.Id != winner))
        {
            Assert.Null(await _store.FindAsync(loser.Id, CancellationToken.None));
        }
    }

    [Fact]
    public async Task SellsExactlyTheStock_WhenMoreBuyersThanUnitsTakeOneEach()
    {
        const int units = 5;
        const int buyers = 16;
        var product = AProduct().WithVariant(stock: units).Build();
        await _store.CreateAsync(product, CancellationToken.None);
        var owner = (await _store.FindSkuAsync(product.Variants[0].Sku, CancellationToken.None))!;
        var start = new TaskCompletionSource();

        var takes = Enumerable.Range(0, buyers).Select(async _ =>
        {
            await start.Task;
            try
            {
                return await _store.ChangeStockAsync(owner, new StockChange.AdjustBy(-1), CancellationToken.None);
            }
            catch (InsufficientStockException)
            {
                return -1;
            }
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(takes);

        Assert.Equal(units, results.Count(r => r >= 0));
        Assert.Equal(Enumerable.Range(0, units).Reverse(), results.Where(r => r >= 0).OrderDescending());
        Assert.Equal(0, (await _store.FindAsync(product.Id, CancellationToken.None))!.Variants[0].Stock);
    }

    [Fact]
    public async Task AnswersNotFound_WhenStockOfRemovedVariantChanges()
    {
        var owner = new SkuOwner("GONE-1", "p-gone", "seller-1");

        await Assert.ThrowsAsync<NotFoundException>(() => _store.ChangeStockAsync(owner, new StockChange.SetTo(3), CancellationToken.None));
    }

    [Theory]
    [InlineData(ProductSort.Newest)]
    [InlineData(ProductSort.PriceAscending)]
    [InlineData(ProductSort.PriceDescending)]
    public async Task WalksEveryListedProductOnce_WhenPagingByEachSort(ProductSort sort)
    {
        var category = "c-" + Guid.NewGuid().ToString("N")[..8];
        var listed = await SeedCategoryAsync(category);

        var seen = new List<ProductSummary>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _store.ListByCategoryAsync(category, sort, new PageRequest(3, cursor), CancellationToken.None);
            Assert.InRange(page.Items.Count, 1, 3);
            seen.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        var expected = sort switch
        {
            ProductSort.Newest => listed.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id, StringComparer.Ordinal),
            ProductSort.PriceAscending => listed.OrderBy(p => p.MinPrice.Amount).ThenBy(p => p.Id, StringComparer.Ordinal),
            _ => listed.OrderByDescending(p => p.MinPrice.Amount).ThenByDescending(p => p.Id, StringComparer.Ordinal),
        };
        Assert.Equal(expected.Select(p => p.Id), seen.Select(s => s.Id));
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task RefusesCursor_WhenItWasTamperedWithOrMadeByAnotherListing()
    {
        var category = "c-" + Guid.NewGuid().ToString("N")[..8];
        await SeedCategoryAsync(category);
        var cursor = (await _store.ListByCategoryAsync(category, ProductSort.Newest, new PageRequest(2, null), CancellationToken.None)).NextCursor!;
        var flipped = cursor[..5] + (cursor[5] == 'A' ? 'B' : 'A') + cursor[6..];

        foreach (var (sort, bad) in new[]
        {
            (ProductSort.Newest, flipped),
            (ProductSort.Newest, cursor[..^2]),
            (ProductSort.Newest, "not-a-cursor"),
            (ProductSort.Newest, cursor + "." + cursor),
            (ProductSort.PriceAscending, cursor),
        })
        {
            await Assert.ThrowsAsync<InvalidCursorException>(() =>
                _store.ListByCategoryAsync(category, sort, new PageRequest(2, bad), CancellationToken.None));
        }
        await Assert.ThrowsAsync<InvalidCursorException>(() =>
            _store.ListByCategoryAsync("other-" + category, ProductSort.Newest, new PageRequest(2, cursor), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidCursorException>(() =>
            _store.ListBySellerAsync("seller-1", new PageRequest(2, cursor), CancellationToken.None));
    }

    [Fact]
    public async Task ListsSellersProductsInEveryStatusButOnlyActiveInCategory_WhenArchived()
    {
        var seller = "seller-" + Guid.NewGuid().ToString("N")[..8];
        var category = "c-" + Guid.NewGuid().ToString("N")[..8];
        var product = AProduct().OwnedBy(seller).In(category).Build();
        var draft = AProduct().OwnedBy(seller).In(category).WithStatus(ProductStatus.Draft).CreatedAt(Epoch.AddMinutes(1)).Build();
        await _store.CreateAsync(product, CancellationToken.None);
        await _store.CreateAsync(draft, CancellationToken.None);
        await _store.UpdateAsync((product with { Status = ProductStatus.Archived }).Changed(Epoch.AddHours(1)), product.Version, CancellationToken.None);

        var inCategory = await _store.ListByCategoryAsync(category, ProductSort.Newest, new PageRequest(10, null), CancellationToken.None);
        var bySeller = await _store.ListBySellerAsync(seller, new PageRequest(10, null), CancellationToken.None);

        Assert.Empty(inCategory.Items);
        Assert.Equal([(product.Id, ProductStatus.Archived), (draft.Id, ProductStatus.Draft)], bySeller.Items.Select(s => (s.Id, s.Status)));
        Assert.Null(bySeller.NextCursor);
    }

    /// <summary>Seven listed products with distinct times and some equal prices, plus a draft and another category's product that must not show.</summary>
    private async Task<List<Product>> SeedCategoryAsync(string category)
    {
        long[] prices = [2500, 1000, 2500, 9000, 100, 2500, 4000];
        var listed = prices.Select((price, i) => AProduct().In(category).CreatedAt(Epoch.AddMinutes(i)).WithVariant(price).WithVariant(price + 500, color: "blue").Build()).ToList();
        var hidden = new[]
        {
            AProduct().In(category).WithStatus(ProductStatus.Draft).WithVariant(1).Build(),
            AProduct().In("elsewhere-" + category).WithVariant(1).Build(),
        };
        await Task.WhenAll(listed.Concat(hidden).Select(p => _store.CreateAsync(p, CancellationToken.None)));
        return listed;
    }

    private static void AssertSame(Product expected, Product? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(
            (expected.Id, expected.SellerId, expected.Name, expected.Brand, expected.Description, expected.CategoryId, expected.Status, expected.CreatedAt, expected.UpdatedAt, expected.Version),
            (actual.Id, actual.SellerId, actual.Name, actual.Brand, actual.Description, actual.CategoryId, actual.Status, actual.CreatedAt, actual.UpdatedAt, actual.Version));
        Assert.Equal(expected.Attributes.OrderBy(a => a.Key), actual.Attributes.OrderBy(a => a.Key));
        Assert.Equal(expected.Options, actual.Options);
        Assert.Equal(expected.Images, actual.Images);
        Assert.Equal(expected.Rating, actual.Rating);
        Assert.Equal(
            expected.Variants.Select(v => (v.Sku, v.ProductId, v.Price, v.Stock, v.UpdatedAt, string.Join(",", v.Options.OrderBy(o => o.Key)))),
            actual.Variants.Select(v => (v.Sku, v.ProductId, v.Price, v.Stock, v.UpdatedAt, string.Join(",", v.Options.OrderBy(o => o.Key)))));
    }
}
