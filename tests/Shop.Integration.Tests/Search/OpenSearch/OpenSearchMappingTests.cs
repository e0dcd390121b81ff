using System.Net;
using System.Text.Json.Nodes;
using Shop.Core.Search;
using Shop.Lambda.Aws;

namespace Shop.Integration.Tests.Search.OpenSearch;

public sealed class OpenSearchMappingTests : IDisposable
{
    private readonly OpenSearchStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task PutsTheTemplateThenCreatesTheIndex_WhenEnsuringIt()
    {
        _stub.Answer("template-acknowledged.json").Answer("index-created.json");

        await _stub.Index.EnsureCreatedAsync(CancellationToken.None);

        var (template, index) = (_stub.Handler.Requests[0], _stub.Handler.Requests[1]);
        Assert.Equal(
            ["PUT /_index_template/shop-products", "PUT /products"],
            _stub.Handler.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal("""["products"]""", template.Json["index_patterns"]!.ToJsonString());
        Assert.Equal(200, (int?)template.Json["priority"]);
        Assert.True(JsonNode.DeepEquals(index.Json, template.Json["template"]), "The template holds the index's settings and mappings.");
    }

    [Fact]
    public async Task CreatesIndexWithFoldingAnalyzer_WhenEnsuringIt()
    {
        var index = await EnsureCreatedAsync();

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"number_of_shards":1,"analysis":{"analyzer":{"shop_text":{"type":"custom","tokenizer":"standard","filter":["lowercase","asciifolding"]}}}}"""),
            index["settings"]));
    }

    [Fact]
    public async Task MapsEveryDefinedFieldByItsKind_WhenEnsuringIndex()
    {
        var mappings = (await EnsureCreatedAsync())["mappings"]!;
        Assert.Equal("strict", (string?)mappings["dynamic"]);
        var properties = mappings["properties"]!.AsObject();
        Assert.Equal(ProductIndexDefinition.Fields.Count + 1, properties.Count);
        foreach (var field in ProductIndexDefinition.Fields)
        {
            var expected = field.Kind switch
            {
                IndexFieldKind.Text when field.Suggest => """{"type":"text","analyzer":"shop_text","fields":{"raw":{"type":"keyword"}}}""",
                IndexFieldKind.Text => """{"type":"text","analyzer":"shop_text"}""",
                IndexFieldKind.Keyword => """{"type":"keyword"}""",
                IndexFieldKind.Long => """{"type":"long"}""",
                IndexFieldKind.Double => """{"type":"double"}""",
                _ => """{"type":"boolean"}""",
            };
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), properties[field.Name]), $"{field.Name}: {properties[field.Name]?.ToJsonString()}");
        }
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"object","enabled":false}"""), properties["stored"]));
    }

    [Fact]
    public async Task Succeeds_WhenTheIndexAlreadyExists()
    {
        _stub.Answer("template-acknowledged.json").Answer("error-index-exists.json", HttpStatusCode.BadRequest);

        await _stub.Index.EnsureCreatedAsync(CancellationToken.None);

        Assert.Equal(2, _stub.Handler.Requests.Count);
    }

    [Fact]
    public async Task Throws_WhenCreatingTheIndexFailsOtherwise()
    {
        _stub.Answer("template-acknowledged.json").AnswerText("""{"error":{"root_cause":[],"type":"mapper_parsing_exception","reason":"Failed to parse mapping"},"status":400}""", HttpStatusCode.BadRequest);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _stub.Index.EnsureCreatedAsync(CancellationToken.None));

        Assert.Equal("mapper_parsing_exception", error.ErrorCode);
        Assert.Equal("Failed to parse mapping", error.Message);
        Assert.Equal("OpenSearch PUT /products", error.Operation);
    }

    [Fact]
    public async Task NamesTemplateAfterTheIndex_WhenConstructedWithAnotherName()
    {
        using var stub = new OpenSearchStub(indexName: "products-test-1").Answer("template-acknowledged.json").Answer("index-created.json");

        await stub.Index.EnsureCreatedAsync(CancellationToken.None);

        Assert.Equal(["/_index_template/shop-products-test-1", "/products-test-1"], stub.Handler.Requests.Select(r => r.Path));
        Assert.Equal("""["products-test-1"]""", stub.Handler.Requests[0].Json["index_patterns"]!.ToJsonString());
    }

    private async Task<JsonNode> EnsureCreatedAsync()
    {
        _stub.Answer("template-acknowledged.json").Answer("index-created.json");
        await _stub.Index.EnsureCreatedAsync(CancellationToken.None);
        return _stub.Handler.Requests[1].Json;
    }
}
