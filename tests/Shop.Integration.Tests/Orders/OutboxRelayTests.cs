using System.Security.Cryptography;
using Amazon.SQS.Model;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Messaging;
using Shop.Adapters.Postgres;
using Shop.Core.Notifications;
using Shop.Core.Orders;
using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.Sqs;
using Shop.Local;

namespace Shop.Integration.Tests.Orders;

/// <summary>
/// The outbox relay with PostgreSQL, moto's SQS and the table: at-least-once delivery when the
/// relay dies between publishing and committing, and consumers that apply each event once.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class OutboxRelayTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task DeliversEveryEventAndNotifiesOnce_WhenTheRelayDiesBetweenPublishAndCommit()
    {
        await using var database = await OrderDatabase.CreateAsync(fixture.Environment);
        var store = new PostgresOrderStore(database);
        var placed = new List<OrderEvent>();
        var member = "m-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 6; i++)
        {
            var (order, orderPlaced) = TestOrders.New(member);
            var key = new IdempotencyKey(member, $"k{i}");
            var lease = ((IdempotencyClaim.Acquired)await store.ClaimAsync(key, SHA256.HashData([(byte)i]), DateTimeOffset.UtcNow, CancellationToken.None)).Lease;
            await store.PlaceAsync(order, orderPlaced, key, lease, [], CancellationToken.None);
            placed.Add(orderPlaced);
        }
        var queueUrl = (await fixture.Environment.Aws.Sqs.CreateQueueAsync("relay-test-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        using var http = new HttpClient();
        var sqs = new SqsClient(http, fixture.Environment.EdgeUrl, LocalAws.Region, new StaticCredentialsProvider(new AwsCredentials("test", "test", null)));
        var publisher = new SqsOrderEventPublisher(sqs, queueUrl);
        var started = new List<string>();
        var checkout = new RecordingCheckout(started);

        // The first relay publishes three events, then dies before it can mark them published: its transaction never commits.
        using var death = new CancellationTokenSource();
        var dying = new RelayOrderEvents(store, new DyingPublisher(publisher, after: 3, death), checkout);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.RelayPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1), TimeProvider.System, death.Token));
        var relay = new RelayOrderEvents(store, publisher, checkout);
        var published = await relay.RelayPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1), TimeProvider.System, CancellationToken.None);
        var afterwards = await relay.RelayPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1), TimeProvider.System, CancellationToken.None);

        var delivered = await DrainAsync(fixture.Environment.Aws.Sqs, queueUrl);
        var notifications = new DynamoDbNotificationStore(fixture.Environment.Aws.DynamoDb, new TableName(fixture.Environment.TableName()));
        var notify = new NotifyOrderEvent(notifications);
        var added = 0;
        foreach (var message in delivered)
        {
            added += await notify.HandleAsync(SqsOrderEventPublisher.Read(message.Body), CancellationToken.None) ? 1 : 0;
        }
        var inbox = await notifications.ListAsync(member, new Shop.Core.Common.PageRequest(50, null), CancellationToken.None);

        Assert.Equal((6, 0), (published, afterwards));
        Assert.Equal(placed.Select(e => e.EventId).Order(), delivered.Select(m => SqsOrderEventPublisher.Read(m.Body).EventId).Distinct().Order());
        Assert.Equal(9, delivered.Count);
        Assert.Equal(6, added);
        Assert.Equal(placed.Select(e => e.EventId.ToString()).Order(), inbox.Items.Select(n => n.Id).Order());
        Assert.Equal(placed.Select(e => e.OrderId).Order(), started.Distinct().Order());
    }

    private static async Task<List<Message>> DrainAsync(Amazon.SQS.IAmazonSQS sqs, string queueUrl)
    {
        var messages = new List<Message>();
        while (true)
        {
            var batch = await sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            if (batch.Messages is not { Count: > 0 })
            {
                return messages;
            }
            messages.AddRange(batch.Messages);
        }
    }

    /// <summary>Publishes for real, and after <paramref name="after"/> events the process "dies": everything it was doing is cancelled.</summary>
    private sealed class DyingPublisher(IOrderEventPublisher inner, int after, CancellationTokenSource death) : IOrderEventPublisher
    {
        private int _published;

        public async Task PublishAsync(OrderEvent orderEvent, CancellationToken cancellationToken)
        {
            await inner.PublishAsync(orderEvent, cancellationToken);
            if (++_published == after)
            {
                await death.CancelAsync();
            }
        }
    }

    private sealed class RecordingCheckout(List<string> started) : ICheckoutWorkflow
    {
        public Task StartAsync(string orderId, CancellationToken cancellationToken)
        {
            lock (started)
            {
                started.Add(orderId);
            }
            return Task.CompletedTask;
        }
    }
}
