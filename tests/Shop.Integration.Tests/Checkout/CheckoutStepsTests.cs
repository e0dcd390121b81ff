using System.Security.Cryptography;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Payments;
using Shop.Adapters.Postgres;
using Shop.Adapters.Workflow;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.StepFunctions;
using Shop.Local;
using Shop.Core.Checkout;
using Shop.Core.Common;
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

        public AuthorizeOrderPayment Authorize => new(Orders, Checkout, Payments, new NoCheckoutFaults(), CheckoutTimeouts.Default, TimeProvider.System);

        /// <summary>The hold sweep as it runs <paramref name="later"/> than now; no step waits in these tests, so its signals reach nothing.</summary>
        public ExpireCheckoutHolds Sweep(TimeSpan later, ICheckoutSignals signals)
        {
            var time = new LaterTime(later);
            return new(Orders, Inventory, new CompensateCheckout(Orders, Inventory, Checkout, Payments, time), Checkout, signals, time);
        }
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
        var check = new CheckOrderForFraud(stores.Orders, stores.History, stores.Users, new AssessFraud(), FraudThresholds.Default, stores.Checkout, new NoCheckoutFaults(), TimeProvider.System);

        var history = await stores.History.ForAsync((await stores.Orders.FindAsync(order.Id, CancellationToken.None))!, CancellationToken.None);
        var result = await check.HandleAsync(new(order.Id), CancellationToken.None);

        Assert.Equal((3, 3, 5, 2), (history.MemberOrdersLastHour, history.MemberOrdersLastDay, history.TokenOrdersLastDay, history.TokenMembersLastDay));
        Assert.Contains(FraudReasons.MemberVelocityHour, result.Reasons);
        Assert.Contains(FraudReasons.TokenSharedByMembers, result.Reasons);
        Assert.NotEqual("approve", result.Decision);
    }

    [Fact]
    public async Task ListsHeldOrdersLongestWaitingFirstWithTheirLatestAssessment_WhenReviewsWait()
    {
        var stores = await StoresAsync();
        var product = AProduct().WithVariant(1000, 100).Build();
        await stores.Products.CreateAsync(product, CancellationToken.None);
        var (first, second, unassessed, paying) = (await PlaceAsync(stores, product, 1), await PlaceAsync(stores, product, 1),
            await PlaceAsync(stores, product, 1), await PlaceAsync(stores, product, 1));
        var at = DateTimeOffset.UtcNow;
        await stores.Checkout.RecordAsync(first.Id, new FraudAssessment(25, FraudDecision.Approve, [new(FraudReasons.FirstOrderHighAmount, 25)]), at, CancellationToken.None);
        await stores.Checkout.RecordAsync(first.Id, new FraudAssessment(40, FraudDecision.Review,
            [new(FraudReasons.FirstOrderHighAmount, 25), new(FraudReasons.NewAccount, 15)]), at, CancellationToken.None);
        await stores.Checkout.RecordAsync(second.Id, new FraudAssessment(50, FraudDecision.Review, [new(FraudReasons.MemberVelocityHour, 50)]), at, CancellationToken.None);
        await stores.Checkout.SaveAsync(first.Id, CallbackKinds.Review, "token-1", at.AddSeconds(2), CancellationToken.None);
        await stores.Checkout.SaveAsync(second.Id, CallbackKinds.Review, "token-2", at.AddSeconds(1), CancellationToken.None);
        await stores.Checkout.SaveAsync(unassessed.Id, CallbackKinds.Review, "token-3", at.AddSeconds(3), CancellationToken.None);
        await stores.Checkout.SaveAsync(paying.Id, CallbackKinds.Payment, "token-4", at, CancellationToken.None);

        var page1 = await stores.Checkout.ListHeldAsync(new PageRequest(2, null), CancellationToken.None);
        var page2 = await stores.Checkout.ListHeldAsync(new PageRequest(2, page1.NextCursor), CancellationToken.None);
        await stores.Checkout.TakeAsync(second.Id, CallbackKinds.Review, CancellationToken.None);
        var afterReview = await stores.Checkout.ListHeldAsync(new PageRequest(10, null), CancellationToken.None);

        Assert.Equal([second.Id, first.Id], page1.Items.Select(h => h.OrderId));
        Assert.Equal(40, page1.Items[1].Score);
        Assert.Equal([FraudReasons.FirstOrderHighAmount, FraudReasons.NewAccount], page1.Items[1].Reasons);
        Assert.Equal((first.MemberId, first.Totals.Total, first.Totals.Currency), (page1.Items[1].MemberId, page1.Items[1].Total, page1.Items[1].Currency));
        Assert.NotNull(page1.NextCursor);
        Assert.Equal([unassessed.Id], page2.Items.Select(h => h.OrderId));
        Assert.Equal(((int?)null, 0), (page2.Items[0].Score, page2.Items[0].Reasons.Count));
        Assert.Null(page2.NextCursor);
        Assert.Equal([first.Id, unassessed.Id], afterReview.Items.Select(h => h.OrderId));
    }

    [Fact]
    public async Task KeepsTheReviewWaiting_WhenTheAnswerCannotReachStepFunctions()
    {
        var stores = await StoresAsync();
        var product = AProduct().WithVariant(1000, 10).Build();
        await stores.Products.CreateAsync(product, CancellationToken.None);
        var order = await PlaceAsync(stores, product, 1);
        await stores.Checkout.SaveAsync(order.Id, CallbackKinds.Review, "token-1", DateTimeOffset.UtcNow, CancellationToken.None);
        using var http = new HttpClient();
        // Nothing listens on the discard port: every call is refused, as when Step Functions cannot be reached.
        var unreachable = new StepFunctionsCheckoutSignals(new StepFunctionsClient(http, new Uri("http://127.0.0.1:9/"), LocalAws.Region,
            new StaticCredentialsProvider(new AwsCredentials("test", "test")), new AwsRetryOptions { MaxAttempts = 1 }));
        var review = new ReviewOrder(stores.Orders, stores.Checkout, unreachable);

        await Assert.ThrowsAsync<HttpRequestException>(() => review.HandleAsync(order.Id, ReviewDecisions.Approve, CancellationToken.None));
        var held = await stores.Checkout.ListHeldAsync(new PageRequest(10, null), CancellationToken.None);

        Assert.Equal([order.Id], held.Items.Select(h => h.OrderId));
        Assert.Equal("token-1", await stores.Checkout.TakeAsync(order.Id, CallbackKinds.Review, CancellationToken.None));
    }

    [Fact]
    public async Task CancelsTheOrderReleasesItsStockAndVoidsItsPaymentOnce_WhenItsHoldOutlivesTheCheckout()
    {
        var stores = await StoresAsync();
        var product = AProduct().WithVariant(1000, 5).Build();
        await stores.Products.CreateAsync(product, CancellationToken.None);
        var order = await PlaceAsync(stores, product, 2);
        await stores.Reserve.HandleAsync(new(order.Id), CancellationToken.None);
        await stores.Authorize.HandleAsync(new(order.Id), CancellationToken.None);
        var pastExpiry = CheckoutTimeouts.Default.HoldFor(order.Payment.Method) + TimeSpan.FromMinutes(1);
        var signals = new StepFunctionsCheckoutSignals(fixture.Environment.Aws.StepFunctions);

        var beforeExpiry = await stores.Sweep(TimeSpan.Zero, signals).HandleAsync(DateTimeOffset.MaxValue, CancellationToken.None);
        var sweeps = await Task.WhenAll(
            stores.Sweep(pastExpiry, signals).HandleAsync(DateTimeOffset.MaxValue, CancellationToken.None),
            stores.Sweep(pastExpiry, signals).HandleAsync(DateTimeOffset.MaxValue, CancellationToken.None));
        var again = await stores.Sweep(pastExpiry, signals).HandleAsync(DateTimeOffset.MaxValue, CancellationToken.None);
        var read = (await stores.Orders.FindAsync(order.Id, CancellationToken.None))!;
        var payment = (await stores.Checkout.FindAsync(order.Id, CancellationToken.None))!;

        Assert.Equal((0, 1, 0), (beforeExpiry, sweeps.Sum(), again));
        Assert.Equal([OrderStatus.Pending, OrderStatus.Cancelled], read.History.Select(h => h.Status));
        Assert.Equal(ExpireCheckoutHolds.Reason, read.History[^1].Reason);
        Assert.Equal(5, (await stores.Products.FindAsync(product.Id, CancellationToken.None))!.Variants[0].Stock);
        Assert.Equal(HoldStatus.Released, (await stores.Inventory.FindAsync(order.Id, CancellationToken.None))!.Status);
        Assert.Equal((Shop.Core.Payments.PaymentStatus.Voided, Shop.Core.Payments.PaymentStatus.Voided),
            (payment.Status, (await stores.Payments.GetAsync(payment.PaymentId, CancellationToken.None)).Status));
    }

    [Fact]
    public async Task LeavesTheOrderConfirmed_WhenItsHoldWasCommittedBeforeItExpired()
    {
        var stores = await StoresAsync();
        var product = AProduct().WithVariant(1000, 5).Build();
        await stores.Products.CreateAsync(product, CancellationToken.None);
        var order = await PlaceAsync(stores, product, 2);
        await stores.Reserve.HandleAsync(new(order.Id), CancellationToken.None);
        await stores.Confirm.HandleAsync(new(order.Id), CancellationToken.None);

        var swept = await stores.Sweep(TimeSpan.FromDays(30), new StepFunctionsCheckoutSignals(fixture.Environment.Aws.StepFunctions))
            .HandleAsync(DateTimeOffset.MaxValue, CancellationToken.None);

        Assert.Equal(0, swept);
        Assert.Equal(OrderStatus.Confirmed, (await stores.Orders.FindAsync(order.Id, CancellationToken.None))!.Status);
        Assert.Equal(3, (await stores.Products.FindAsync(product.Id, CancellationToken.None))!.Variants[0].Stock);
    }

    /// <summary>The clock as it will read <paramref name="later"/> from now.</summary>
    private sealed class LaterTime(TimeSpan later) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + later;
    }
}
