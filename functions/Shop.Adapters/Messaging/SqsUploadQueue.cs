using System.Text.Json;
using System.Text.Json.Serialization;
using Shop.Core.Uploads;
using Shop.Lambda.Aws.Sqs;
using Shop.Lambda.Events;

namespace Shop.Adapters.Messaging;

/// <summary>
/// A message on the uploads queue: S3's event notification (<c>Records</c>, or the
/// <c>s3:TestEvent</c> S3 sends when the notification is configured), or an import's own
/// continuation (<c>continuation</c>), which carries the checkpoint it resumes at.
/// </summary>
public sealed record UploadQueueMessage
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<S3EventRecord>? Records { get; init; }

    [JsonPropertyName("Event")]
    public string? Event { get; init; }

    public UploadContinuation? Continuation { get; init; }

    public static UploadQueueMessage Read(string body) =>
        JsonSerializer.Deserialize(body, UploadJsonContext.Default.UploadQueueMessage) is { } message
        && (message.Records is not null || message.Continuation is not null || message.Event == "s3:TestEvent")
            ? message
            : throw new JsonException("The message is neither an S3 event nor an upload continuation.");
}

/// <summary>How many times the uploads queue delivers a message before parking it in its dead-letter queue.</summary>
public sealed record UploadQueueRedrive(int MaxReceives);

/// <summary>Continuations go back on the uploads queue, so the next invocation is an ordinary delivery with its own retries.</summary>
public sealed class SqsUploadContinuations(SqsClient sqs, string queueUrl) : IUploadContinuations
{
    public Task ContinueAsync(UploadContinuation continuation, CancellationToken cancellationToken) =>
        sqs.SendMessageAsync(new SendMessageRequest(
            queueUrl,
            JsonSerializer.Serialize(new UploadQueueMessage { Continuation = continuation }, UploadJsonContext.Default.UploadQueueMessage)), cancellationToken);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UploadQueueMessage))]
internal sealed partial class UploadJsonContext : JsonSerializerContext;
