using System.Text.Json;
using Shop.Lambda.Events;

namespace Shop.Lambda.Tests.Events;

public sealed class DynamoDbValueTests
{
    private static DynamoDbValue Read(string json) =>
        JsonSerializer.Deserialize(json, LambdaEventsJsonContext.Default.DynamoDbValue)!;

    [Theory]
    [InlineData("""{"X":"1"}""")]
    [InlineData("""{}""")]
    [InlineData("""{"S":"a","N":"1"}""")]
    [InlineData("""{"NULL":false}""")]
    [InlineData("""{"N":1}""")]
    [InlineData("""{"B":"not base64!"}""")]
    [InlineData("""{"SS":"a"}""")]
    [InlineData("""["S","a"]""")]
    public void RejectsValue_WhenNotTheWireForm(string json)
    {
        Assert.Throws<JsonException>(() => Read(json));
    }

    [Fact]
    public void KeepsAllDigits_WhenNumberExceedsDecimalPrecision()
    {
        var value = Read("""{"N":"12345678901234567890123456789012345678"}""");

        Assert.Equal("12345678901234567890123456789012345678", value.AsNumberText());
    }

    [Fact]
    public void ThrowsNamingBothTags_WhenReadAsTheWrongType()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read("""{"N":"5"}""").AsString());

        Assert.Contains("N", error.Message);
        Assert.Contains("not S", error.Message);
    }

    [Fact]
    public void WritesWireForm_WhenBuiltInCode()
    {
        var value = DynamoDbValue.Map(new Dictionary<string, DynamoDbValue>
        {
            ["n"] = DynamoDbValue.Number(12.50m),
            ["b"] = DynamoDbValue.Binary([1, 2]),
            ["bs"] = DynamoDbValue.BinarySet([[3]]),
            ["nil"] = DynamoDbValue.Null,
            ["l"] = DynamoDbValue.List([DynamoDbValue.Bool(false), DynamoDbValue.String("x")]),
        });

        var json = JsonSerializer.Serialize(value, LambdaEventsJsonContext.Default.DynamoDbValue);

        Assert.Equal("""{"M":{"n":{"N":"12.50"},"b":{"B":"AQI="},"bs":{"BS":["Aw=="]},"nil":{"NULL":true},"l":{"L":[{"BOOL":false},{"S":"x"}]}}}""", json);
    }
}
