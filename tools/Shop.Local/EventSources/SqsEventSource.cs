using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Local.Deploy;
using Shop.Local.Functions;

namespace Shop.Local.EventSources;

/// <summary>
/// Lambda's SQS event source mapping: long-poll the queue, hand batches to the function, delete
/// what it handled. A failed invocation deletes nothing (the messages come back after the
/// visibility timeout and the queue's redrive policy moves repeat offenders to its DLQ); with
/// ReportBatchItemFailures only the reported messages stay, and a malformed report fails the batch.
/// </summary>
public sealed class SqsEventSource(IAmazonSQS sqs, EventSourceMapping mapping, FunctionHost function, Action<string> log) : IEventSource
{
    public string Describe => $"SQS {QueueName} -> {function.Definition.Name}";

    private string QueueName => mapping.EventSourceArn.Split(':').Last();

    public async Task RunAsync(CancellationToken stopping)
    {
        var queueUrl = (await sqs.GetQueueUrlAsync(QueueName, stopping)).QueueUrl;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var batch = await ReceiveBatchAsync(queueUrl, stopping);
                if (batch.Count > 0)
                {
                    await DeliverAsync(queueUrl, batch, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (AmazonSQSException error)
            {
                log($"{Describe}: {error.Message}; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stopping);
            }
        }
    }

    private async Task<List<Message>> ReceiveBatchAsync(string queueUrl, CancellationToken stopping)
    {
        var batch = new List<Message>();
        var windowEnds = DateTime.UtcNow + mapping.MaximumBatchingWindow;
        do
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = Math.Min(10, mapping.BatchSize - batch.Count),
                WaitTimeSeconds = batch.Count == 0 ? 5 : 0,
                MessageSystemAttributeNames = ["All"],
                MessageAttributeNames = ["All"],
            }, stopping);
            if (response.Messages is not { Count: > 0 })
            {
                break;
            }
            batch.AddRange(response.Messages);
        }
        while (batch.Count < mapping.BatchSize && DateTime.UtcNow < windowEnds);
        return batch;
    }

    private async Task DeliverAsync(string queueUrl, List<Message> batch, CancellationToken stopping)
    {
        var result = await function.InvokeAsync(Event(batch));
        if (!result.Succeeded)
        {
            log($"{Describe}: batch of {batch.Count} failed, left for redelivery: {result.PayloadText}");
            return;
        }
        var failed = mapping.ReportBatchItemFailures ? FailedIds(result.Payload, batch) : [];
        var done = batch.Where(m => !failed.Contains(m.MessageId)).ToList();
        if (failed.Count > 0)
        {
            log($"{Describe}: {failed.Count} of {batch.Count} messages reported failed, left for redelivery");
        }
        foreach (var chunk in done.Chunk(10))
        {
            await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
            }, stopping);
        }
    }

    /// <summary>The batchItemFailures ids; an id that isn't in the batch makes the whole batch count as failed, as Lambda does.</summary>
    private static HashSet<string> FailedIds(ReadOnlyMemory<byte> response, List<Message> batch)
    {
        var all = batch.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(response.Span.ToArray());
        }
        catch (JsonException)
        {
            return all;
        }
        if (document is not JsonObject obj || obj["batchItemFailures"] is not JsonArray failures)
        {
            return [];
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failure in failures)
        {
            var id = failure?["itemIdentifier"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (string.IsNullOrEmpty(id) || !all.Contains(id))
            {
                return all;
            }
            ids.Add(id);
        }
        return ids;
    }

    private byte[] Event(List<Message> batch)
    {
        var records = new JsonArray();
        foreach (var message in batch)
        {
            var attributes = new JsonObject();
            foreach (var (name, value) in message.Attributes ?? [])
            {
                attributes[name] = value;
            }
            var messageAttributes = new JsonObject();
            foreach (var (name, value) in message.MessageAttributes ?? [])
            {
                messageAttributes[name] = new JsonObject
                {
                    ["stringValue"] = value.StringValue,
                    ["binaryValue"] = value.BinaryValue is null ? null : Convert.ToBase64String(value.BinaryValue.ToArray()),
                    ["stringListValues"] = new JsonArray(),
                    ["binaryListValues"] = new JsonArray(),
                    ["dataType"] = value.DataType,
                };
            }
            records.Add(new JsonObject
            {
                ["messageId"] = message.MessageId,
                ["receiptHandle"] = message.ReceiptHandle,
                ["body"] = message.Body,
                ["attributes"] = attributes,
                ["messageAttributes"] = messageAttributes,
                ["md5OfBody"] = message.MD5OfBody,
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = mapping.EventSourceArn,
                ["awsRegion"] = LocalAws.Region,
            });
        }
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["Records"] = records });
    }
}

/// <summary>A poller feeding one function from one event source until the environment stops.</summary>
public interface IEventSource
{
    string Describe { get; }

    Task RunAsync(CancellationToken stopping);
}
