using System.Text.Json;
using Shop.Adapters.Configuration;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Postgres;
using Shop.Core.Orders;
using Shop.Core;
using Shop.Integration.Tests.Support;
using Shop.Tests;

namespace Shop.Integration.Tests.Orders;

/// <summary>The order workers as deployed: the notifier on an SQS batch, the relay on its schedule's event.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class OrderWorkerTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task NotifiesOnceAndReturnsOnlyThePoisonMessage_WhenABatchArrivesTwice()
    {
        var notifier = fixture.Function(ShopNames.Handlers.NotifyOrderEvents);
        var batch = RepositoryPaths.Event("orders-placed-sqs.json");

        var first = await notifier.InvokeAsync(batch);
        var again = await notifier.InvokeAsync(batch);
        var inbox = await new DynamoDbNotificationStore(fixture.Environment.Aws.DynamoDb, new TableName(fixture.Environment.TableName()))
            .ListAsync("m-events-sample", new Shop.Core.Common.PageRequest(10, null), CancellationToken.None);

        foreach (var result in new[] { first, again })
        {
            Assert.True(result.Succeeded, result.PayloadText);
            var failures = JsonDocument.Parse(result.PayloadText).RootElement.GetProperty("batchItemFailures").EnumerateArray()
                .Select(f => f.GetProperty("itemIdentifier").GetString()).ToList();
            Assert.Equal(["9c3e1f5a-7b2d-4d8c-a1e6-3f4b5c6d7e02"], failures);
        }
        var notification = Assert.Single(inbox.Items);
        Assert.Equal(("6f1d2c3b-4a59-4e8f-8a7b-1c2d3e4f5a60", "o-3f9a0c7d12e4b6a8"), (notification.Id, notification.OrderId));
    }

    [Fact]
    public async Task StartsOneCheckoutAndPublishes_WhenTheApiDiedRightAfterCommittingAnOrder()
    {
        var environment = fixture.Environment;
        var store = new PostgresOrderStore(OrderDatabase.Deployed(environment));
        var (order, placed) = TestOrders.New("m-" + Guid.NewGuid().ToString("N")[..8]);
        var key = new IdempotencyKey(order.MemberId, "crashed");
        var lease = ((IdempotencyClaim.Acquired)await store.ClaimAsync(key, [1, 2, 3], DateTimeOffset.UtcNow, CancellationToken.None)).Lease;
        // Committed and never published: what the outbox holds when the Api dies between its commit and its publish.
        await store.PlaceAsync(order, placed, key, lease, [], CancellationToken.None);
        var relay = fixture.Function(ShopNames.Handlers.RelayOrderOutbox);
        var schedule = RepositoryPaths.Event("orders-relay-scheduled.json");

        var first = await relay.InvokeAsync(schedule);
        var second = await relay.InvokeAsync(schedule);
        var left = await store.RelayAsync(order.Id, 10, (_, _) => throw new InvalidOperationException("Nothing should be left to publish."), CancellationToken.None);
        var executions = await environment.Aws.StepFunctions.ListExecutionsAsync(environment.Setting(ShopNames.Settings.CheckoutStateMachineArn), CancellationToken.None);

        Assert.True(first.Succeeded, first.PayloadText);
        Assert.True(second.Succeeded, second.PayloadText);
        Assert.Equal(0, left);
        Assert.Single(executions, e => e.Name == order.Id);
    }
}
