using System.Security.Cryptography;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Payments;
using Shop.Adapters.Postgres;
using Shop.Core.Checkout;
using Shop.Core.Fraud;
using Shop.Core.Inventory;
using Shop.Core.Orders;
using Shop.Integration.Tests.Catalog;
using Shop.Integration.Tests.Orders;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.TestProduct;

namespace Shop.Integration.Tests.Checkout;

/// <summary>The checkout saga's steps against the real stores: moto's DynamoDB for stock, PostgreSQL for the order.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class CheckoutStepsTests(LocalEnvironmentFixture fixture) : IAsyncLifetime
{
    private readonly List<PostgresDataSource> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private sealed record Stores(
        PostgresOrderStore Orders, DynamoDbProductStore Products, DynamoDbInventoryStore Inventory, DynamoDbUserStore Users, PostgresOrderHistory History,
        PostgresCheckoutStore Checkout, SandboxPaymentGateway Payments)
    {
        public ReserveOrderStock Reserve => new(Orders, Inventory, new NoCheckoutFaults(), CheckoutTimeouts.Default, TimeProvider.System);

        public ConfirmOrder Confirm => new(Orders, Inventory, new NoCheckoutFaults(), TimeProvider.System);

        public CompensateCheckout Compensate => new(Orders, Inventory, Checkout, Payments, TimeProvider.System);
    }

    private async Task<Stores> StoresAsync()
    {
        var database = await OrderDatabase.CreateAsync(fixture.Environment);
        _databases.Add(database);
        var table = await CatalogTable.CreateAsync(fixture.Environment.Aws.DynamoDb);
        var dynamo = fixture.Environment.Aws.DynamoDb;
        return new Stores(new PostgresOrderStore(database), new DynamoDbProductStore(dynamo, table), new DynamoDbInventoryStore(dynamo, table),
            new DynamoDbUserStore(dynamo, table), new PostgresOrderHistory(database),
            new PostgresCheckoutStore(database), new SandboxPaymentGateway(dynamo, table, "test-webhooks", TimeProvider.System));
    }

    /// <summary>A placed order for <paramref name="quantity"/> units of the product's first SKU.</summary>
    private static async Task<Order> PlaceAsync(Stores stores, Shop.Core.Catalog.Product product, int quantity, string? memberId = null)
    {
        var (order, placed) = TestOrders.New(memberId ?? "m-" + Guid.NewGuid().ToString("N")[..8], quantity: quantity);
        var variant = product.Variants[0];
        order = order with { Lines = [order.Lines[0] with { Sku = variant.Sku, ProductId = product.Id }] };
        var key = new IdempotencyKey(order.MemberId, order.Id);
        var lease = ((IdempotencyClaim.Acquired)await stores.Orders.ClaimAsync(key, SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(order.Id)), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;
        await stores.Orders.PlaceAsync(order, placed, key, lease, [], CancellationToken.None);
        return order;
    }

    [Fact]
    public async Task ConfirmsAndRestocksTheSoldUnitsOnce_WhenAConfirmedOrderIsCompensated()
    {
        var stores = await StoresAsync();
        var product = AProduct().WithVariant(1000, 5).Build();
        await stores.Products.CreateAsync(product, CancellationToken.None);
        var order = await PlaceAsync(stores, product, 2);

        var reserved = await stores.Reserve.HandleAsync(new(order.Id), CancellationToken.None);
        var again = await stores.Reserve.HandleAsync(new(order.Id), CancellationToken.None);
        var confirmed = await stores.Confirm.HandleAsync(new(order.Id), CancellationToken.None);
        var stockWhenSold = (await stores.Products.FindAsync(product.Id, CancellationToken.None))!.Variants[0].Stock;
        var holdWhenSold = (await stores.Inventory.FindAsync(order.Id, CancellationToken.None))!.Status;
        var compensated = await stores.Compensate.HandleAsync(new(order.Id, "cancelled before shipment", "cancelled"), CancellationToken.None);
        await stores.Compensate.HandleAsync(new(order.Id, "cancelled before shipment", "cancelled"), CancellationToken.None);

        Assert.Equal((true, true), (reserved.Reserved, again.Reserved));
        Assert.Equal("confirmed", confirmed.Status);
        Assert.Equal((3, HoldStatus.Committed), (stockWhenSold, holdWhenSold));
        Assert.Equal("cancelled", compensated.Status);
        Assert.Equal(5, (await stores.Products.FindAsync(product.Id, CancellationToken.None))!.Variants[0].Stock);
        Assert.Equal(HoldStatus.Restocked, (await stores.Inventory.FindAsync(order.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task ReportsTheShortSkuAndHoldsNothing_WhenStockIsShort()
    {
        var stores = await StoresAsync();
        var product = AProduct().WithVariant(1000, 1).Build();
        await stores.Products.CreateAsync(product, CancellationToken.None);
        var order = await PlaceAsync(stores, product, 3);

        var reserved = await stores.Reserve.HandleAsync(new(order.Id), CancellationToken.None);
        var compensated = await stores.Compensate.HandleAsync(new(order.Id, "out of stock"), CancellationToken.None);

        Assert.Equal(new ReservationResult(false, product.Variants[0].Sku, 1), reserved);
        Assert.Equal("failed", compensated.Status);
        Assert.Equal(1, (await stores.Products.FindAsync(product.Id, CancellationToken.None))!.Variants[0].Stock);
    }

    [Fact]
    public async Task RestoresStockOnce_WhenCompensationRunsTwice()
    {
        var stores = await StoresAsync();
        var product = AProduct().WithVariant(1000, 4).Build();
        await stores.Products.CreateAsync(product, CancellationToken.None);
        var order = await PlaceAsync(stores, product, 3);
        await stores.Reserve.HandleAsync(new(order.Id), CancellationToken.None);
        var compensate = stores.Compensate;

        await Task.WhenAll(compensate.HandleAsync(new(order.Id, "payment declined"), CancellationToken.None), compensate.HandleAsync(new(order.Id, "payment declined"), CancellationToken.None));
        var read = await stores.Orders.FindAsync(order.Id, CancellationToken.None);

        Assert.Equal(4, (await stores.Products.FindAsync(product.Id, CancellationToken.None))!.Variants[0].Stock);
        Assert.Equal([OrderStatus.Pending, OrderStatus.Failed], read!.History.Select(h => h.Status));
    }

    [Fact]
    public async Task FlagsVelocityAndASharedToken_WhenTheHistoryShowsThem()
    {
        var stores = await StoresAsync();
        var product = AProduct().WithVariant(1000, 100).Build();
        await stores.Products.CreateAsync(product, CancellationToken.None);
        var member = "m-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 3; i++)
        {
            await PlaceAsync(stores, product, 1, member);
        }
        await PlaceAsync(stores, product, 1);
        await PlaceAsync(stores, product, 1);
        var order = await PlaceAsync(stores, product, 1, member);
        var check = new CheckOrderForFraud(stores.Orders, stores.History, stores.Users, new AssessFraud(), FraudThresholds.Default, new NoCheckoutFaults());

        var history = await stores.History.ForAsync((await stores.Orders.FindAsync(order.Id, CancellationToken.None))!, CancellationToken.None);
        var result = await check.HandleAsync(new(order.Id), CancellationToken.None);

        Assert.Equal((3, 3, 5, 2), (history.MemberOrdersLastHour, history.MemberOrdersLastDay, history.TokenOrdersLastDay, history.TokenMembersLastDay));
        Assert.Contains(FraudReasons.MemberVelocityHour, result.Reasons);
        Assert.Contains(FraudReasons.TokenSharedByMembers, result.Reasons);
        Assert.NotEqual("approve", result.Decision);
    }
}
