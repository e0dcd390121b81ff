using System.Net;
using System.Text.Json.Serialization;

namespace Shop.Lambda.Events;

/// <summary>
/// An S3 event notification, as Lambda receives it directly or as the body of an SQS message.
/// The <c>s3:TestEvent</c> S3 sends when a notification is first configured has no records.
/// </summary>
public sealed record S3Event
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<S3EventRecord> Records { get; init => field = value ?? []; } = [];

    /// <summary>Set only on the configuration test message (<c>s3:TestEvent</c>).</summary>
    [JsonPropertyName("Event")]
    public string? Event { get; init; }

    [JsonIgnore]
    public bool IsTestEvent => Event == "s3:TestEvent";
}

public sealed record S3EventRecord
{
    public string? EventVersion { get; init; }
    public string? EventSource { get; init; }
    public string? AwsRegion { get; init; }
    public DateTimeOffset EventTime { get; init; }

    /// <summary>The event type without its <c>s3:</c> prefix, e.g. <c>ObjectCreated:Put</c>.</summary>
    public string EventName { get; init => field = value ?? ""; } = "";

    public S3UserIdentity? UserIdentity { get; init; }
    public S3RequestParameters? RequestParameters { get; init; }
    public IReadOnlyDictionary<string, string>? ResponseElements { get; init; }
    public S3Entity S3 { get; init => field = value ?? new(); } = new();
}

public sealed record S3UserIdentity
{
    public string? PrincipalId { get; init; }
}

public sealed record S3RequestParameters
{
    [JsonPropertyName("sourceIPAddress")]
    public string? SourceIpAddress { get; init; }
}

public sealed record S3Entity
{
    public string? S3SchemaVersion { get; init; }
    public string? ConfigurationId { get; init; }
    public S3Bucket Bucket { get; init => field = value ?? new(); } = new();

    [JsonPropertyName("object")]
    public S3Object Object { get; init => field = value ?? new(); } = new();
}

public sealed record S3Bucket
{
    public string Name { get; init => field = value ?? ""; } = "";
    public S3UserIdentity? OwnerIdentity { get; init; }
    public string? Arn { get; init; }
}

public sealed record S3Object
{
    /// <summary>The key as S3 sends it: URL-encoded, with <c>+</c> for spaces. Use <see cref="DecodeKey"/> for the object's real key.</summary>
    public string Key { get; init => field = value ?? ""; } = "";

    /// <summary>Absent on delete events.</summary>
    public long? Size { get; init; }

    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }

    public string? VersionId { get; init; }

    /// <summary>Hexadecimal; orders events for one key (compare as equal-length, zero-padded strings).</summary>
    public string? Sequencer { get; init; }

    public string DecodeKey() => S3Keys.Decode(Key);
}

public static class S3Keys
{
    /// <summary>Undoes S3's notification encoding: form-style, so <c>+</c> is a space and <c>%2B</c> a plus.</summary>
    public static string Decode(string encodedKey) => WebUtility.UrlDecode(encodedKey);
}
