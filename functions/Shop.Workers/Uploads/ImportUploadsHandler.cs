using System.Text.Json;
using Microsoft.Extensions.Logging;
using Shop.Adapters.Messaging;
using Shop.Core.Uploads;
using Shop.Lambda.Events;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Workers.Uploads;

/// <summary>
/// The uploads queue's consumer: an S3 ObjectCreated event starts an import, a continuation goes
/// on with one from its checkpoint. A message that fails returns to the queue alone (partial batch
/// response) and resumes from the last checkpoint; one that is not an upload message at all fails
/// every time and ends in the dead-letter queue after the queue's maximum receives.
/// </summary>
public sealed class ImportUploadsHandler(ImportUpload import, IMetrics metrics, ILogger<ImportUploadsHandler> log)
    : JsonLambdaHandler<SqsEvent, SqsBatchResponse>(WorkersJsonContext.Default.SqsEvent, WorkersJsonContext.Default.SqsBatchResponse)
{
    protected override async Task<SqsBatchResponse> HandleAsync(SqsEvent input, LambdaContext context, CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        foreach (var message in input.Records)
        {
            try
            {
                var body = UploadQueueMessage.Read(message.Body);
                if (body.Continuation is { } continuation)
                {
                    Count(await import.HandleAsync(continuation, () => context.RemainingTime, cancellationToken), continuation.UploadId);
                }
                foreach (var record in (body.Records ?? []).Where(r => r.EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal)))
                {
                    var arrived = new UploadArrived(record.S3.Object.DecodeKey(), record.S3.Object.ETag, record.S3.Object.Size ?? 0);
                    Count(await import.HandleAsync(arrived, () => context.RemainingTime, cancellationToken), arrived.Key);
                }
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or HttpRequestException
                or Amazon.DynamoDBv2.AmazonDynamoDBException or Amazon.Runtime.AmazonServiceException or IOException)
            {
                log.LogError(exception, "Upload message {MessageId} failed (receive {Count})", message.MessageId, message.ApproximateReceiveCount());
                failed.Add(message.MessageId);
            }
        }
        return SqsBatchResponse.From(failed);
    }

    private void Count(ImportOutcome outcome, string upload)
    {
        log.LogInformation("Upload {Upload}: {Outcome}", upload, outcome);
        metrics.Add("Uploads" + outcome, 1);
    }
}
