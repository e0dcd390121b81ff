using Shop.Adapters.DynamoDb;
using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Inventory;
using Shop.Integration.Tests.Catalog;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.TestProduct;

namespace Shop.Integration.Tests.Inventory;

/// <summary>Stock holds against moto's DynamoDB: all or nothing, never below zero, released or committed once.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class DynamoDbInventoryStoreTests(LocalEnvironmentFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private DynamoDbProductStore _products = null!;
    private DynamoDbInventoryStore _inventory = null!;

    public async Task InitializeAsync()
    {
        var table = await CatalogTable.CreateAsync(fixture.Environment.Aws.DynamoDb);
        _products = new DynamoDbProductStore(fixture.Environment.Aws.DynamoDb, table);
        _inventory = new DynamoDbInventoryStore(fixture.Environment.Aws.DynamoDb, table);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task HoldsExactlyTheUnitsInStock_When100OrdersCompeteFor20Units()
    {
        var product = AProduct().WithVariant(1000, 20).Build();
        await _products.CreateAsync(product, CancellationToken.None);
        var sku = product.Variants[0].Sku;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            try
            {
                await _inventory.HoldAsync($"o-race-{i}", [new HoldLine(sku, product.Id, 1)], Now, Now.AddMinutes(15), CancellationToken.None);
                return true;
            }
            catch (InsufficientStockException)
            {
                return false;
            }
        })));

        Assert.Equal(20, outcomes.Count(held => held));
        Assert.Equal(0, await StockAsync(product.Id, sku));
    }

    [Fact]
    public async Task HoldsNothing_WhenOneLineLacksUnits()
    {
        var product = AProduct().WithVariant(1000, 5).WithVariant(2000, 1).Build();
        await _products.CreateAsync(product, CancellationToken.None);
        // Variants come back in SKU order, not the order they were built in.
        var (plenty, scarce) = (product.Variants.Single(v => v.Stock == 5).Sku, product.Variants.Single(v => v.Stock == 1).Sku);

        var refused = await Assert.ThrowsAsync<InsufficientStockException>(() => _inventory.HoldAsync(
            "o-partial", [new HoldLine(plenty, product.Id, 2), new HoldLine(scarce, product.Id, 2)], Now, Now.AddMinutes(15), CancellationToken.None));

        Assert.Equal((scarce, 1), (refused.Sku, refused.Available));
        Assert.Equal((5, 1), (await StockAsync(product.Id, plenty), await StockAsync(product.Id, scarce)));
        Assert.Null(await _inventory.FindAsync("o-partial", CancellationToken.None));
    }

    [Fact]
    public async Task TakesStockOnce_WhenTheSameOrderHoldsAgain()
    {
        var product = AProduct().WithVariant(1000, 5).Build();
        await _products.CreateAsync(product, CancellationToken.None);
        var line = new HoldLine(product.Variants[0].Sku, product.Id, 2);

        await _inventory.HoldAsync("o-twice", [line], Now, Now.AddMinutes(15), CancellationToken.None);
        var again = await _inventory.HoldAsync("o-twice", [line], Now, Now.AddMinutes(15), CancellationToken.None);

        Assert.Equal(HoldStatus.Held, again.Status);
        Assert.Equal(3, await StockAsync(product.Id, line.Sku));
    }

    [Fact]
    public async Task ReturnsUnitsOnce_WhenReleasedByManyCallsAtOnce()
    {
        var product = AProduct().WithVariant(1000, 5).Build();
        await _products.CreateAsync(product, CancellationToken.None);
        var line = new HoldLine(product.Variants[0].Sku, product.Id, 3);
        await _inventory.HoldAsync("o-release", [line], Now, Now.AddMinutes(15), CancellationToken.None);

        var released = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _inventory.ReleaseAsync("o-release", Now, CancellationToken.None))));

        Assert.Single(released, r => r);
        Assert.Equal(5, await StockAsync(product.Id, line.Sku));
        Assert.Equal(HoldStatus.Released, (await _inventory.FindAsync("o-release", CancellationToken.None))!.Status);
        await Assert.ThrowsAsync<ConflictException>(() => _inventory.CommitAsync("o-release", Now, CancellationToken.None));
    }

    [Fact]
    public async Task KeepsUnitsSoldAndListsOnlyExpiredHolds_WhenCommittedOrLeftToExpire()
    {
        var product = AProduct().WithVariant(1000, 5).Build();
        await _products.CreateAsync(product, CancellationToken.None);
        var line = new HoldLine(product.Variants[0].Sku, product.Id, 1);
        await _inventory.HoldAsync("o-commit", [line], Now, Now.AddMinutes(-1), CancellationToken.None);
        await _inventory.HoldAsync("o-expired", [line], Now, Now.AddMinutes(-1), CancellationToken.None);
        await _inventory.HoldAsync("o-fresh", [line], Now, Now.AddMinutes(15), CancellationToken.None);

        var committed = await _inventory.CommitAsync("o-commit", Now, CancellationToken.None);
        var releasedAfterCommit = await _inventory.ReleaseAsync("o-commit", Now, CancellationToken.None);
        var expired = await _inventory.ExpiredAsync(Now, 10, CancellationToken.None);

        Assert.Equal((true, false), (committed, releasedAfterCommit));
        Assert.Equal(2, await StockAsync(product.Id, line.Sku));
        Assert.Equal(["o-expired"], expired);
    }

    private async Task<int> StockAsync(string productId, string sku) =>
        (await _products.FindAsync(productId, CancellationToken.None))!.FindVariant(sku)!.Stock;
}
