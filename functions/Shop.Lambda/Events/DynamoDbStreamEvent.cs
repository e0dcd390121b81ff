using System.Text.Json.Serialization;

namespace Shop.Lambda.Events;

/// <summary>A batch of DynamoDB stream records from an event source mapping.</summary>
public sealed record DynamoDbStreamEvent
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<DynamoDbStreamRecord> Records { get; init => field = value ?? []; } = [];
}

public sealed record DynamoDbStreamRecord
{
    [JsonPropertyName("eventID")]
    public string EventId { get; init => field = value ?? ""; } = "";

    /// <summary><c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>; see <see cref="DynamoDbEventNames"/>.</summary>
    public string EventName { get; init => field = value ?? ""; } = "";

    public string? EventVersion { get; init; }
    public string? EventSource { get; init; }
    public string? AwsRegion { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    public DynamoDbStreamChange Dynamodb { get; init => field = value ?? new(); } = new();

    /// <summary>Set when DynamoDB itself removed the item (TTL expiry): type <c>Service</c>, principal <c>dynamodb.amazonaws.com</c>.</summary>
    public DynamoDbUserIdentity? UserIdentity { get; init; }
}

public static class DynamoDbEventNames
{
    public const string Insert = "INSERT";
    public const string Modify = "MODIFY";
    public const string Remove = "REMOVE";
}

public sealed record DynamoDbStreamChange
{
    /// <summary>Unix seconds, possibly fractional.</summary>
    [JsonPropertyName("ApproximateCreationDateTime")]
    public double? ApproximateCreationDateTime { get; init; }

    [JsonPropertyName("Keys")]
    public IReadOnlyDictionary<string, DynamoDbValue> Keys { get; init => field = value ?? new Dictionary<string, DynamoDbValue>(); } = new Dictionary<string, DynamoDbValue>();

    [JsonPropertyName("NewImage")]
    public IReadOnlyDictionary<string, DynamoDbValue>? NewImage { get; init; }

    [JsonPropertyName("OldImage")]
    public IReadOnlyDictionary<string, DynamoDbValue>? OldImage { get; init; }

    [JsonPropertyName("SequenceNumber")]
    public string SequenceNumber { get; init => field = value ?? ""; } = "";

    [JsonPropertyName("SizeBytes")]
    public long SizeBytes { get; init; }

    [JsonPropertyName("StreamViewType")]
    public string? StreamViewType { get; init; }

    public DateTimeOffset? ApproximateCreationTime() =>
        ApproximateCreationDateTime is { } seconds
            ? DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(seconds * 1000))
            : null;
}

public sealed record DynamoDbUserIdentity
{
    public string? Type { get; init; }
    public string? PrincipalId { get; init; }
}

/// <summary>
/// A partial batch response for stream sources: Lambda resumes the shard from the lowest listed
/// sequence number, so list the first failed record (and whatever after it you want retried).
/// </summary>
public sealed record StreamsEventResponse(IReadOnlyList<BatchItemFailure> BatchItemFailures)
{
    public static StreamsEventResponse From(IEnumerable<string> failedSequenceNumbers) =>
        new(failedSequenceNumbers.Select(sequence => new BatchItemFailure(sequence)).ToList());
}
