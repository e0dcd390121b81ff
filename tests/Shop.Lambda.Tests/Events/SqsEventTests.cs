using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Shop.Lambda.Events;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.Events;

public sealed class SqsEventTests
{
    [Fact]
    public void ReadsMessage_WhenQueuedUploadEventLoaded()
    {
        var message = Assert.Single(EventFiles.Load("uploads-queued-sqs.json", LambdaEventsJsonContext.Default.SqsEvent).Records);

        Assert.Equal("3f6c1a2e-8b7d-4e5f-9a0b-1c2d3e4f5a6b", message.MessageId);
        Assert.StartsWith("AQEB", message.ReceiptHandle);
        Assert.Equal("aws:sqs", message.EventSource);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:shop-uploads", message.EventSourceArn);
        Assert.Equal("us-east-1", message.AwsRegion);
        Assert.Equal("1772619362530", message.Attributes["SentTimestamp"]);
        Assert.Equal(1, message.ApproximateReceiveCount());
        Assert.Empty(message.MessageAttributes);
    }

    [Fact]
    public void Md5OfBodyMatchesBody_WhenQueuedUploadEventLoaded()
    {
        var message = Assert.Single(EventFiles.Load("uploads-queued-sqs.json", LambdaEventsJsonContext.Default.SqsEvent).Records);

        var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(message.Body)));

        Assert.Equal(message.Md5OfBody, md5);
    }

    [Fact]
    public void BodyReadsAsS3Event_WhenS3DeliversThroughSqs()
    {
        var message = Assert.Single(EventFiles.Load("uploads-queued-sqs.json", LambdaEventsJsonContext.Default.SqsEvent).Records);

        var s3 = JsonSerializer.Deserialize(message.Body, LambdaEventsJsonContext.Default.S3Event)!;

        var record = Assert.Single(s3.Records);
        Assert.Equal("shop-uploads-000000000000-us-east-1", record.S3.Bucket.Name);
        Assert.Equal("uploads/sel_01JNQ7W3/upl_01JNQ8ZK3MX4/spring catalog (2026) été.csv", record.S3.Object.DecodeKey());
    }

    [Fact]
    public void ReadsTypedMessageAttributes_WhenPresent()
    {
        const string json = """
            {"Records":[{"messageId":"m-1","body":"{}","attributes":{"ApproximateReceiveCount":"4","MessageGroupId":"order-9"},
              "messageAttributes":{"traceparent":{"stringValue":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","stringListValues":[],"binaryListValues":[],"dataType":"String"},
                                   "blob":{"binaryValue":"AAEC","stringListValues":[],"binaryListValues":[],"dataType":"Binary"}}}]}
            """;

        var message = Assert.Single(JsonSerializer.Deserialize(json, LambdaEventsJsonContext.Default.SqsEvent)!.Records);

        Assert.Equal(4, message.ApproximateReceiveCount());
        Assert.Equal("String", message.MessageAttributes["traceparent"].DataType);
        Assert.StartsWith("00-4bf92f", message.MessageAttributes["traceparent"].StringValue);
        Assert.Equal([0, 1, 2], Convert.FromBase64String(message.MessageAttributes["blob"].BinaryValue!));
    }

    [Fact]
    public void WritesBatchItemFailures_WhenSomeMessagesFailed()
    {
        var response = SqsBatchResponse.From(["m-2", "m-5"]);

        var json = JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.SqsBatchResponse);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m-2"},{"itemIdentifier":"m-5"}]}""", json);
    }

    [Fact]
    public void WritesEmptyFailureList_WhenWholeBatchSucceeded()
    {
        var json = JsonSerializer.Serialize(SqsBatchResponse.From([]), LambdaEventsJsonContext.Default.SqsBatchResponse);

        Assert.Equal("""{"batchItemFailures":[]}""", json);
    }
}
