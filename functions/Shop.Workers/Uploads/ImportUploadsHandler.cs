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
/// every time and ends in the dead-letter queue after the queue's maximum receives. When the last
/// receive of an upload's message fails, the upload is failed first: nothing would resume it, and
/// its seller would otherwise watch "processing" for ever.
/// </summary>
public sealed class ImportUploadsHandler(ImportUpload import, UploadQueueRedrive redrive, IMetrics metrics, ILogger<ImportUploadsHandler> log)
    : JsonLambdaHandler<SqsEvent, SqsBatchResponse>(WorkersJsonContext.Default.SqsEvent, WorkersJsonContext.Default.SqsBatchResponse)
{
    protected override async Task<SqsBatchResponse> HandleAsync(SqsEvent input, LambdaContext context, CancellationToken cancellationToken)
    {
        var failed = new List<string>();
        foreach (var message in input.Records)
        {
            UploadQueueMessage? body = null;
            try
            {
                body = UploadQueueMessage.Read(message.Body);
                if (body.Continuation is { } continuation)
                {
                    Count(await import.HandleAsync(continuation, () => context.RemainingTime, cancellationToken), continuation.UploadId);
                }
                foreach (var arrived in Arrivals(body))
                {
                    Count(await import.HandleAsync(arrived, () => context.RemainingTime, cancellationToken), arrived.Key);
                }
            }
            catch (Exception exception) when (Retriable(exception))
            {
                var receives = message.ApproximateReceiveCount();
                log.LogError(exception, "Upload message {MessageId} failed (receive {Count} of {Max})", message.MessageId, receives, redrive.MaxReceives);
                failed.Add(message.MessageId);
                if (body is not null && receives >= redrive.MaxReceives)
                {
                    await GiveUpAsync(body, message.MessageId, cancellationToken);
                }
            }
        }
        return SqsBatchResponse.From(failed);
    }

    private static IEnumerable<UploadArrived> Arrivals(UploadQueueMessage body) =>
        (body.Records ?? []).Where(r => r.EventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
            .Select(r => new UploadArrived(r.S3.Object.DecodeKey(), r.S3.Object.ETag, r.S3.Object.Size ?? 0));

    private static bool Retriable(Exception exception) => exception is JsonException or InvalidOperationException or HttpRequestException
        or Amazon.DynamoDBv2.AmazonDynamoDBException or Amazon.Runtime.AmazonServiceException or IOException;

    /// <summary>
    /// Fails the uploads this message was importing. The message still goes to the dead-letter
    /// queue for the operator (its alarm fires); if failing the upload fails too, that is logged and
    /// the upload stays as it was, which is no worse than before.
    /// </summary>
    private async Task GiveUpAsync(UploadQueueMessage body, string messageId, CancellationToken cancellationToken)
    {
        try
        {
            if (body.Continuation is { } continuation && await import.GiveUpAsync(continuation, cancellationToken))
            {
                Count(ImportOutcome.Failed, continuation.UploadId);
            }
            foreach (var arrived in Arrivals(body))
            {
                if (await import.GiveUpAsync(arrived, cancellationToken))
                {
                    Count(ImportOutcome.Failed, arrived.Key);
                }
            }
        }
        catch (Exception exception) when (Retriable(exception))
        {
            log.LogError(exception, "Upload message {MessageId} goes to the dead-letter queue, and its upload could not be marked failed", messageId);
        }
    }

    private void Count(ImportOutcome outcome, string upload)
    {
        log.LogInformation("Upload {Upload}: {Outcome}", upload, outcome);
        metrics.Add("Uploads" + outcome, 1);
    }
}
