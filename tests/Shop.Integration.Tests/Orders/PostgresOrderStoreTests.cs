using System.Security.Cryptography;
using Shop.Adapters.Postgres;
using Shop.Core.Common;
using Shop.Core.Orders;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Orders;

/// <summary>The order store against PostgreSQL: idempotency keys, the one-transaction placement, promotion limits under concurrency.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class PostgresOrderStoreTests(LocalEnvironmentFixture fixture)
{
    private static byte[] Hash(string text) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task GrantsTheKeyToExactlyOneClaim_WhenManyClaimAtOnce()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var key = new IdempotencyKey("m-" + Guid.NewGuid().ToString("N")[..8], "key-1");

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.ClaimAsync(key, Hash("body"), DateTimeOffset.UtcNow, CancellationToken.None))));

        Assert.Single(claims, c => c is IdempotencyClaim.Acquired);
        Assert.Equal(19, claims.Count(c => c is IdempotencyClaim.InFlight));
    }

    [Fact]
    public async Task ReplaysTheOrderAndRefusesOtherBodies_WhenKeyCompleted()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var (order, placed) = TestOrders.New("m-" + Guid.NewGuid().ToString("N")[..8]);
        var key = new IdempotencyKey(order.MemberId, "key-2");
        var lease = Assert.IsType<IdempotencyClaim.Acquired>(await store.ClaimAsync(key, Hash("body"), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;
        await store.PlaceAsync(order, placed, key, lease, [], CancellationToken.None);

        var again = await store.ClaimAsync(key, Hash("body"), DateTimeOffset.UtcNow, CancellationToken.None);
        var other = await store.ClaimAsync(key, Hash("other body"), DateTimeOffset.UtcNow, CancellationToken.None);
        var otherMember = await store.ClaimAsync(key with { MemberId = "someone-else" }, Hash("body"), DateTimeOffset.UtcNow, CancellationToken.None);

        var replayed = Assert.IsType<IdempotencyClaim.Completed>(again).Order;
        Assert.Equal((order.Id, order.Totals, order.Status), (replayed.Id, replayed.Totals, replayed.Status));
        Assert.IsType<IdempotencyClaim.Mismatch>(other);
        Assert.IsType<IdempotencyClaim.Acquired>(otherMember);
    }

    [Fact]
    public async Task LetsARetryTakeOver_WhenTheHolderStalledPastItsLease()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var (order, placed) = TestOrders.New("m-" + Guid.NewGuid().ToString("N")[..8]);
        var key = new IdempotencyKey(order.MemberId, "key-3");
        var start = DateTimeOffset.UtcNow;
        var stalled = Assert.IsType<IdempotencyClaim.Acquired>(await store.ClaimAsync(key, Hash("body"), start, CancellationToken.None)).Lease;

        var retry = await store.ClaimAsync(key, Hash("body"), start + IdempotencyKey.Lease + TimeSpan.FromSeconds(1), CancellationToken.None);
        var late = await Assert.ThrowsAsync<ConflictException>(() => store.PlaceAsync(order, placed, key, stalled, [], CancellationToken.None));

        Assert.IsType<IdempotencyClaim.Acquired>(retry);
        Assert.Contains("taken over", late.Message, StringComparison.Ordinal);
        Assert.Null(await store.FindAsync(order.Id, CancellationToken.None));
    }

    [Fact]
    public async Task StoresOrderLinesHistoryAndOneOutboxEvent_WhenPlaced()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var (order, placed) = TestOrders.New("m-" + Guid.NewGuid().ToString("N")[..8]);
        var key = new IdempotencyKey(order.MemberId, "key-4");
        var lease = ((IdempotencyClaim.Acquired)await store.ClaimAsync(key, Hash("b"), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;

        await store.PlaceAsync(order, placed, key, lease, [], CancellationToken.None);
        var read = await store.FindAsync(order.Id, CancellationToken.None);
        var events = new List<OrderEvent>();
        var published = await store.RelayAsync(order.Id, 10, (e, _) => { events.Add(e); return Task.CompletedTask; }, CancellationToken.None);
        var again = await store.RelayAsync(order.Id, 10, (e, _) => { events.Add(e); return Task.CompletedTask; }, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(order.Lines, read.Lines, (a, b) => a.Sku == b.Sku && a.Quantity == b.Quantity && a.UnitPrice == b.UnitPrice && a.Total == b.Total && a.Options["size"] == b.Options["size"]);
        Assert.Equal((order.Totals, order.Pricing.Total), (read.Totals, read.Pricing.Total));
        Assert.Equal([OrderStatus.Pending], read.History.Select(h => h.Status));
        Assert.Equal((1, 0), (published, again));
        Assert.Equal(placed, Assert.Single(events));
    }

    [Fact]
    public async Task RedeemsACodeNoMoreThanItsLimit_WhenOrdersRaceForTheLastUses()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var attempts = Enumerable.Range(0, 12).Select(i => TestOrders.New($"m-{i}", codes: ["RACE"])).ToList();

        var results = await Task.WhenAll(attempts.Select(attempt => Task.Run(async () =>
        {
            var key = new IdempotencyKey(attempt.Order.MemberId, "k");
            var lease = ((IdempotencyClaim.Acquired)await store.ClaimAsync(key, Hash("b"), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;
            try
            {
                await store.PlaceAsync(attempt.Order, attempt.Placed, key, lease, [new PromotionRedemption("RACE", TotalLimit: 5, PerMemberLimit: 1)], CancellationToken.None);
                return true;
            }
            catch (PromotionLimitReachedException)
            {
                return false;
            }
        })));
        var usage = await store.GetUsageAsync(["RACE"], "m-0", CancellationToken.None);

        Assert.Equal(5, results.Count(placed => placed));
        Assert.Equal(5, usage["RACE"].TotalUsed);
    }

    [Fact]
    public async Task RefusesASecondUseByOneMember_WhenPerMemberLimitIsOne()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var member = "m-" + Guid.NewGuid().ToString("N")[..8];
        var (first, firstPlaced) = TestOrders.New(member, codes: ["ONCE"]);
        var (second, secondPlaced) = TestOrders.New(member, codes: ["ONCE"]);
        var redemption = new PromotionRedemption("ONCE", TotalLimit: null, PerMemberLimit: 1);

        var firstLease = ((IdempotencyClaim.Acquired)await store.ClaimAsync(new(member, "a"), Hash("a"), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;
        await store.PlaceAsync(first, firstPlaced, new(member, "a"), firstLease, [redemption], CancellationToken.None);
        var secondLease = ((IdempotencyClaim.Acquired)await store.ClaimAsync(new(member, "b"), Hash("b"), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;

        await Assert.ThrowsAsync<PromotionLimitReachedException>(() => store.PlaceAsync(second, secondPlaced, new(member, "b"), secondLease, [redemption], CancellationToken.None));
        Assert.Null(await store.FindAsync(second.Id, CancellationToken.None));
        Assert.Equal(new Shop.Core.Pricing.PromotionUsage(1, 1), (await store.GetUsageAsync(["ONCE"], member, CancellationToken.None))["ONCE"]);
    }

    [Fact]
    public async Task PagesAMembersOrdersNewestFirst_WhenListed()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var member = "m-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (order, placed) = TestOrders.New(member);
            order = order with { CreatedAt = order.CreatedAt.AddMinutes(i) };
            var lease = ((IdempotencyClaim.Acquired)await store.ClaimAsync(new(member, $"k{i}"), Hash("b"), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;
            await store.PlaceAsync(order, placed, new(member, $"k{i}"), lease, [], CancellationToken.None);
            ids.Add(order.Id);
        }

        var first = await store.ListByMemberAsync(member, new PageRequest(3, null), CancellationToken.None);
        var second = await store.ListByMemberAsync(member, new PageRequest(3, first.NextCursor), CancellationToken.None);

        Assert.Equal(Enumerable.Reverse(ids), first.Items.Concat(second.Items).Select(o => o.Id));
        Assert.Null(second.NextCursor);
        await Assert.ThrowsAsync<InvalidCursorException>(() => store.ListByMemberAsync(member, new PageRequest(3, "not-a-cursor!"), CancellationToken.None));
    }

    [Fact]
    public async Task MovesTheOrderOnceWithHistoryAndEvent_WhenTheSameTransitionRunsTwice()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var (order, placed) = TestOrders.New("m-" + Guid.NewGuid().ToString("N")[..8]);
        var lease = ((IdempotencyClaim.Acquired)await store.ClaimAsync(new(order.MemberId, "t"), Hash("t"), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;
        await store.PlaceAsync(order, placed, new(order.MemberId, "t"), lease, [], CancellationToken.None);

        var first = await store.TransitionAsync(order.Id, [OrderStatus.Pending], OrderStatus.Confirmed, "payment authorized", DateTimeOffset.UtcNow, CancellationToken.None);
        var second = await store.TransitionAsync(order.Id, [OrderStatus.Pending], OrderStatus.Confirmed, "payment authorized", DateTimeOffset.UtcNow, CancellationToken.None);
        var events = new List<OrderEvent>();
        await store.RelayAsync(order.Id, 10, (e, _) => { events.Add(e); return Task.CompletedTask; }, CancellationToken.None);
        var read = await store.FindAsync(order.Id, CancellationToken.None);

        Assert.Equal((true, false), (first, second));
        Assert.Equal(OrderStatus.Confirmed, read!.Status);
        Assert.Equal([OrderStatus.Pending, OrderStatus.Confirmed], read.History.Select(h => h.Status));
        Assert.Equal([(OrderEventTypes.OrderPlaced, "pending"), (OrderEventTypes.OrderStatusChanged, "confirmed")], events.Select(e => (e.Type, e.Status)));
    }

    [Fact]
    public async Task AppliesNothingTwice_WhenMigrationsRunAgain()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);

        var again = await PostgresMigrations.ApplyAsync(await database.GetAsync(CancellationToken.None), CancellationToken.None);

        Assert.Empty(again.Applied);
        Assert.Equal(PostgresMigrations.All.Select(m => m.Version), again.AlreadyApplied);
    }
}
