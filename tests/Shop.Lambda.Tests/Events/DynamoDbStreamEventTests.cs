using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Lambda.Events;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.Events;

public sealed class DynamoDbStreamEventTests
{
    private static DynamoDbStreamEvent Load() =>
        EventFiles.Load("catalog-changed-ddbstream.json", LambdaEventsJsonContext.Default.DynamoDbStreamEvent);

    [Fact]
    public void ReadsInsertModifyAndRemove_WhenCatalogChangeLoaded()
    {
        var records = Load().Records;

        Assert.Equal([DynamoDbEventNames.Insert, DynamoDbEventNames.Modify, DynamoDbEventNames.Remove], records.Select(r => r.EventName));
        Assert.All(records, r => Assert.Equal("arn:aws:dynamodb:us-east-1:000000000000:table/shop/stream/2026-03-01T08:00:00.000", r.EventSourceArn));
        Assert.All(records, r => Assert.Equal("NEW_AND_OLD_IMAGES", r.Dynamodb.StreamViewType));

        var insert = records[0];
        Assert.Equal("c81e728d9d4c2f636f067f89cc14862c", insert.EventId);
        Assert.Equal("PRODUCT#prd_01JNQ9C4M8", insert.Dynamodb.Keys["PK"].AsString());
        Assert.Null(insert.Dynamodb.OldImage);
        Assert.Equal("4421584500000000017450439091", insert.Dynamodb.SequenceNumber);
        Assert.Equal(246, insert.Dynamodb.SizeBytes);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 10, 15, 30, TimeSpan.Zero), insert.Dynamodb.ApproximateCreationTime());

        var modify = records[1];
        Assert.Equal(8999m, modify.Dynamodb.OldImage!["price"].AsMap()["amount"].AsDecimal());
        Assert.Equal(7999m, modify.Dynamodb.NewImage!["price"].AsMap()["amount"].AsDecimal());

        var remove = records[2];
        Assert.Null(remove.Dynamodb.NewImage);
        Assert.Equal("CART#crt_01JKZ3T9QF", remove.Dynamodb.OldImage!["PK"].AsString());
        Assert.Equal("Service", remove.UserIdentity!.Type);
        Assert.Equal("dynamodb.amazonaws.com", remove.UserIdentity.PrincipalId);
    }

    [Fact]
    public void ReadsEveryAttributeType_WhenModifyImageLoaded()
    {
        var image = Load().Records[1].Dynamodb.NewImage!;

        Assert.Equal("Trail Runner 2", image["name"].AsString());
        Assert.Equal(4, image["version"].AsInt64());
        Assert.Equal("USD", image["price"].AsMap()["currency"].AsString());
        Assert.Equal(["running", "trail"], image["tags"].AsStringSet());
        Assert.Equal(["4.5", "5", "3"], image["ratings"].AsNumberSet());
        Assert.True(image["inStock"].AsBool());
        Assert.True(image["discontinuedAt"].IsNull);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], image["thumbnail"].AsBinary());
        var variants = image["variants"].AsList();
        Assert.Equal(2, variants.Count);
        Assert.Equal("TR2-43-BLU", variants[1].AsMap()["sku"].AsString());
        Assert.Equal(0, variants[1].AsMap()["stock"].AsInt64());
    }

    [Fact]
    public void WritesTheSameJson_WhenEventSerializedBack()
    {
        var original = JsonNode.Parse(EventFiles.Read("catalog-changed-ddbstream.json"));

        var written = JsonNode.Parse(JsonSerializer.Serialize(Load(), LambdaEventsJsonContext.Default.DynamoDbStreamEvent));

        Assert.True(JsonNode.DeepEquals(original, written), written!.ToJsonString());
    }

    [Fact]
    public void WritesSequenceNumbersAsItemIdentifiers_WhenStreamRecordsFailed()
    {
        var failed = Load().Records.Skip(1).Select(r => r.Dynamodb.SequenceNumber);

        var json = JsonSerializer.Serialize(StreamsEventResponse.From(failed), LambdaEventsJsonContext.Default.StreamsEventResponse);

        Assert.Equal(
            """{"batchItemFailures":[{"itemIdentifier":"4421584600000000017450439342"},{"itemIdentifier":"4421584700000000017450440187"}]}""",
            json);
    }
}
