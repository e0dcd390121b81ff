using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Lambda.Events;

namespace Shop.Lambda.Tests.Events;

public sealed class HttpApiResponseTests
{
    [Fact]
    public void WritesPayloadFormatNames_WhenSerialized()
    {
        var response = new HttpApiResponse
        {
            StatusCode = 201,
            Headers = new Dictionary<string, string> { ["content-type"] = "image/png" },
            Cookies = ["a=1; Path=/", "b=2"],
            Body = "iVBORw0=",
            IsBase64Encoded = true,
        };

        var json = JsonSerializer.Serialize(response, LambdaEventsJsonContext.Default.HttpApiResponse);

        var expected = JsonNode.Parse("""
            {"statusCode":201,"headers":{"content-type":"image/png"},"cookies":["a=1; Path=/","b=2"],"body":"iVBORw0=","isBase64Encoded":true}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(json)), json);
    }

    [Fact]
    public void OmitsCookiesAndBody_WhenThereAreNone()
    {
        var json = JsonSerializer.Serialize(new HttpApiResponse { StatusCode = 204 }, LambdaEventsJsonContext.Default.HttpApiResponse);

        Assert.Equal("""{"statusCode":204,"isBase64Encoded":false}""", json);
    }
}
