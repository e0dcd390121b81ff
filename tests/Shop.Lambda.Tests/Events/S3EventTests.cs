using System.Text.Json;
using Shop.Lambda.Events;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.Events;

public sealed class S3EventTests
{
    [Fact]
    public void ReadsObjectCreatedRecord_WhenUploadEventLoaded()
    {
        var record = Assert.Single(EventFiles.Load("uploads-created-s3.json", LambdaEventsJsonContext.Default.S3Event).Records);

        Assert.Equal("ObjectCreated:Put", record.EventName);
        Assert.Equal("aws:s3", record.EventSource);
        Assert.Equal("us-east-1", record.AwsRegion);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 16, 2, 418, TimeSpan.Zero), record.EventTime);
        Assert.Equal("192.0.2.44", record.RequestParameters!.SourceIpAddress);
        Assert.Equal("8QZ1C7XK4M2J9B6T", record.ResponseElements!["x-amz-request-id"]);
        Assert.Equal("shop-uploads-000000000000-us-east-1", record.S3.Bucket.Name);
        Assert.Equal("arn:aws:s3:::shop-uploads-000000000000-us-east-1", record.S3.Bucket.Arn);
        Assert.Equal(48213, record.S3.Object.Size);
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", record.S3.Object.ETag);
        Assert.Equal("0069A806B26A1C3F7E", record.S3.Object.Sequencer);
        Assert.Null(record.S3.Object.VersionId);
    }

    [Fact]
    public void DecodesKey_WhenKeyHasPlusForSpacesAndPercentEscapes()
    {
        var record = Assert.Single(EventFiles.Load("uploads-created-s3.json", LambdaEventsJsonContext.Default.S3Event).Records);

        Assert.Equal("uploads/sel_01JNQ7W3/upl_01JNQ8ZK3MX4/spring+catalog+%282026%29+%C3%A9t%C3%A9.csv", record.S3.Object.Key);
        Assert.Equal("uploads/sel_01JNQ7W3/upl_01JNQ8ZK3MX4/spring catalog (2026) été.csv", record.S3.Object.DecodeKey());
    }

    [Fact]
    public void KeepsLiteralPlus_WhenKeyEncodesItAsPercent2B()
    {
        Assert.Equal("c++ notes/a+b.csv", S3Keys.Decode("c%2B%2B+notes/a%2Bb.csv"));
    }

    [Fact]
    public void RecognisesTestEvent_WhenS3SendsItsConfigurationCheck()
    {
        const string json = """
            {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-03-04T10:00:00.000Z","Bucket":"shop-uploads-000000000000-us-east-1","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}
            """;

        var s3 = JsonSerializer.Deserialize(json, LambdaEventsJsonContext.Default.S3Event)!;

        Assert.True(s3.IsTestEvent);
        Assert.Empty(s3.Records);
    }
}
