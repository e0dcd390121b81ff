using System.Text.Json;
using Microsoft.Extensions.Logging;
using Shop.Adapters.Messaging;
using Shop.Core.Notifications;
using Shop.Lambda.Events;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Workers.Notifications;

/// <summary>
/// The order-events queue's consumer: each event becomes the member's in-app notification, once
/// (the event id is the notification's id). A message that fails returns to the queue alone
/// (partial batch response); one that is not an order event at all fails every time and ends in
/// the dead-letter queue after the queue's maximum receives.
/// </summary>
public sealed class NotifyOrderEventsHandler(NotifyOrderEvent notify, IMetrics metrics, ILogger<NotifyOrderEventsHandler> log)
    : JsonLambdaHandler<SqsEvent, SqsBatchResponse>(WorkersJsonContext.Default.SqsEvent, WorkersJsonContext.Default.SqsBatchResponse)
{
    protected override async Task<SqsBatchResponse> HandleAsync(SqsEvent input, LambdaContext context, CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        var added = 0;
        foreach (var message in input.Records)
        {
            try
            {
                if (await notify.HandleAsync(SqsOrderEventPublisher.Read(message.Body), cancellationToken))
                {
                    added++;
                }
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or Amazon.DynamoDBv2.AmazonDynamoDBException or HttpRequestException)
            {
                log.LogError(exception, "Order event message {MessageId} failed (receive {Count})", message.MessageId, message.ApproximateReceiveCount());
                failed.Add(message.MessageId);
            }
        }
        metrics.Add("NotificationsAdded", added);
        return SqsBatchResponse.From(failed);
    }
}
