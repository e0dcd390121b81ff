using System.Globalization;
using System.Text.Json.Serialization;

namespace Shop.Lambda.Events;

/// <summary>A batch of SQS messages from an event source mapping.</summary>
public sealed record SqsEvent
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<SqsMessage> Records { get; init => field = value ?? []; } = [];
}

public sealed record SqsMessage
{
    public string MessageId { get; init => field = value ?? ""; } = "";
    public string? ReceiptHandle { get; init; }
    public string Body { get; init => field = value ?? ""; } = "";

    /// <summary>System attributes: <c>ApproximateReceiveCount</c>, <c>SentTimestamp</c>, <c>SenderId</c>, <c>MessageGroupId</c> (FIFO)...</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes { get; init => field = value ?? new Dictionary<string, SqsMessageAttribute>(); } = new Dictionary<string, SqsMessageAttribute>();
    public string? Md5OfBody { get; init; }
    public string? Md5OfMessageAttributes { get; init; }
    public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    public string? AwsRegion { get; init; }

    /// <summary>How many times this message has been received; above 1 means a redelivery.</summary>
    public int ApproximateReceiveCount() =>
        Attributes.TryGetValue("ApproximateReceiveCount", out var count)
            && int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : 1;
}

public sealed record SqsMessageAttribute
{
    public string? DataType { get; init; }
    public string? StringValue { get; init; }

    /// <summary>Base64, as the wire carries it.</summary>
    public string? BinaryValue { get; init; }

    public IReadOnlyList<string>? StringListValues { get; init; }
    public IReadOnlyList<string>? BinaryListValues { get; init; }
}

/// <summary>
/// A partial batch response (needs <c>ReportBatchItemFailures</c> on the mapping): only the listed
/// messages return to the queue. An empty list means the whole batch succeeded.
/// </summary>
public sealed record SqsBatchResponse(IReadOnlyList<BatchItemFailure> BatchItemFailures)
{
    public static SqsBatchResponse From(IEnumerable<string> failedMessageIds) =>
        new(failedMessageIds.Select(id => new BatchItemFailure(id)).ToList());
}

/// <summary>One failed item: an SQS message id, or a stream record's sequence number.</summary>
public sealed record BatchItemFailure(string ItemIdentifier);
