using System.Text.Json;
using Shop.Adapters.Postgres;
using Shop.Core.Orders;
using Shop.Lambda.Aws.Sqs;

namespace Shop.Adapters.Messaging;

/// <summary>Sends order events to the order-events queue as JSON, the event id and type also as message attributes.</summary>
public sealed class SqsOrderEventPublisher(SqsClient sqs, string queueUrl) : IOrderEventPublisher
{
    public async Task PublishAsync(OrderEvent orderEvent, CancellationToken cancellationToken)
    {
        await sqs.SendMessageAsync(new SendMessageRequest(
            queueUrl,
            JsonSerializer.Serialize(orderEvent, OrderJsonContext.Default.OrderEvent),
            new Dictionary<string, MessageAttributeValue>
            {
                ["eventId"] = new("String", orderEvent.EventId.ToString()),
                ["type"] = new("String", orderEvent.Type),
            }), cancellationToken);
    }

    /// <summary>An order event from a queue message's body (the consumers' side of <see cref="PublishAsync"/>).</summary>
    public static OrderEvent Read(string body) =>
        JsonSerializer.Deserialize(body, OrderJsonContext.Default.OrderEvent) ?? throw new JsonException("The message body is not an order event.");
}
