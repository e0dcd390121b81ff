using System.Text.Json.Serialization;

namespace Shop.Lambda.Aws.Sqs;

/// <summary>
/// Amazon SQS over its JSON 1.0 protocol (target prefix AmazonSQS, signing name sqs), which SQS
/// has served beside the query protocol since 2023: sending messages and, for tests and tools,
/// receiving them.
/// </summary>
public sealed class SqsClient
{
    public const string ServiceId = "SQS";
    public const string EndpointPrefix = "sqs";

    public static AwsJsonService Service { get; } = new("sqs", "AmazonSQS", "1.0");

    private static readonly SqsJsonContext Json = SqsJsonContext.Default;

    private readonly AwsJsonClient _client;

    public SqsClient(HttpClient http, Uri endpoint, string region, IAwsCredentialsProvider credentials, AwsRetryOptions? retry = null, TimeProvider? time = null)
    {
        _client = new AwsJsonClient(http, endpoint, region, Service, credentials, retry, time);
    }

    public static Uri ResolveEndpoint(string region, Func<string, string?> environment) =>
        AwsEndpoints.Resolve(ServiceId, EndpointPrefix, region, environment);

    public Task<SendMessageResponse> SendMessageAsync(SendMessageRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync("SendMessage", request, Json.SendMessageRequest, Json.SendMessageResponse, cancellationToken);

    public Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync("ReceiveMessage", request, Json.ReceiveMessageRequest, Json.ReceiveMessageResponse, cancellationToken);
}

public sealed record MessageAttributeValue(string DataType, string? StringValue = null);

public sealed record SendMessageRequest(
    string QueueUrl,
    string MessageBody,
    IReadOnlyDictionary<string, MessageAttributeValue>? MessageAttributes = null,
    int? DelaySeconds = null);

public sealed record SendMessageResponse(string MessageId, string? MD5OfMessageBody = null);

public sealed record ReceiveMessageRequest(
    string QueueUrl,
    int? MaxNumberOfMessages = null,
    int? WaitTimeSeconds = null,
    int? VisibilityTimeout = null,
    IReadOnlyList<string>? MessageAttributeNames = null);

public sealed record SqsMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    IReadOnlyDictionary<string, MessageAttributeValue>? MessageAttributes = null);

public sealed record ReceiveMessageResponse(IReadOnlyList<SqsMessage>? Messages = null);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(SendMessageResponse))]
[JsonSerializable(typeof(ReceiveMessageRequest))]
[JsonSerializable(typeof(ReceiveMessageResponse))]
internal sealed partial class SqsJsonContext : JsonSerializerContext;
