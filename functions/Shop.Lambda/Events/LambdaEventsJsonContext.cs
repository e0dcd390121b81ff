using System.Text.Json.Serialization;

namespace Shop.Lambda.Events;

/// <summary>
/// Source-generated JSON for every event and response the platform reads or writes. Names are
/// camelCase unless a member says otherwise (S3, SQS and DynamoDB use <c>Records</c>, <c>eventID</c>...).
/// Reading is lenient about case and quoted numbers because local emitters are not always exact.
/// Generated code assigns every init-only member, absent ones as null, so members with a default
/// (empty lists, "") turn null back into that default in their init accessor.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(S3Event))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(DynamoDbStreamEvent))]
[JsonSerializable(typeof(StreamsEventResponse))]
[JsonSerializable(typeof(DynamoDbValue))]
[JsonSerializable(typeof(Dictionary<string, DynamoDbValue>))]
public sealed partial class LambdaEventsJsonContext : JsonSerializerContext;
