using System.Net;
using System.Text.Json.Nodes;
using Shop.Core.Search;
using Shop.Lambda.Aws;

namespace Shop.Integration.Tests.Search.OpenSearch;

public sealed class OpenSearchWriteTests : IDisposable
{
    private readonly OpenSearchStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task PutsDocumentWithItsVersionAsExternalGte_WhenUpserting()
    {
        _stub.Answer("document-indexed.json", HttpStatusCode.Created);

        var stored = await _stub.Index.UpsertAsync(SampleDocuments.Lamp(version: 7), CancellationToken.None);

        Assert.True(stored);
        var request = _stub.Request;
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/products/_doc/p-1", request.Path);
        Assert.Equal("?version=7&version_type=external_gte", request.Query);
        Assert.Equal("application/json", request.ContentType);
    }

    [Fact]
    public async Task SignsForServiceEsInTheRegion_WhenSendingAnyRequest()
    {
        _stub.Answer("document-indexed.json", HttpStatusCode.Created);

        await _stub.Index.UpsertAsync(SampleDocuments.Lamp(), CancellationToken.None);

        var request = _stub.Request;
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/eu-west-1/es/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=", request.Authorization);
        Assert.Equal("session-token", request.SecurityToken);
    }

    [Fact]
    public async Task WritesEveryDefinedFieldAndTheStoredPart_WhenUpserting()
    {
        _stub.Answer("document-indexed.json", HttpStatusCode.Created);

        await _stub.Index.UpsertAsync(SampleDocuments.Lamp(), CancellationToken.None);

        var body = _stub.Request.Json.AsObject();
        var expected = ProductIndexDefinition.Fields.Select(f => f.Name).Append("stored").Order(StringComparer.Ordinal);
        Assert.Equal(expected, body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Lumen", (string?)body["brandKeyword"]);
        Assert.Equal(1714564800123L, (long?)body["createdAt"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["brass","40 W"]"""), body["attributes"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"attributes":{"material":"brass","power":"40 W"},"createdAt":"2024-05-01T12:00:00.1234567+00:00","imageKey":"products/p-1/i-1.jpg"}"""),
            body["stored"]));
    }

    [Fact]
    public async Task ReadsBackTheSameDocument_WhenItsWrittenSourceIsAHit()
    {
        _stub.Answer("document-indexed.json", HttpStatusCode.Created);
        var lamp = SampleDocuments.Lamp();
        await _stub.Index.UpsertAsync(lamp, CancellationToken.None);
        var response = JsonNode.Parse(OpenSearchStub.Fixture("search-relevance.json"))!;
        response["hits"]!["hits"]![0]!["_source"] = _stub.Request.Json;
        _stub.AnswerText(response.ToJsonString(), HttpStatusCode.OK);

        var hit = Assert.Single((await _stub.Index.SearchAsync(new SearchQuery("lamp", SearchFilters.None, SearchSort.Relevance, 10), CancellationToken.None)).Hits);

        Assert.Equal(lamp with { CategoryNames = hit.Product.CategoryNames, Attributes = hit.Product.Attributes }, hit.Product);
        Assert.Equal(lamp.CategoryNames, hit.Product.CategoryNames);
        Assert.Equal(lamp.Attributes, hit.Product.Attributes);
    }

    [Fact]
    public async Task ReturnsFalse_WhenANewerVersionIsIndexed()
    {
        _stub.Answer("error-version-conflict.json", HttpStatusCode.Conflict);

        Assert.False(await _stub.Index.UpsertAsync(SampleDocuments.Lamp(), CancellationToken.None));
    }

    [Fact]
    public async Task EscapesTheIdInThePath_WhenItHasReservedCharacters()
    {
        _stub.Answer("document-indexed.json", HttpStatusCode.Created);

        await _stub.Index.UpsertAsync(SampleDocuments.Lamp(id: "a/b c?d#e&version=1"), CancellationToken.None);

        Assert.Equal("/products/_doc/a%2Fb%20c%3Fd%23e%26version%3D1", _stub.Request.Path);
        Assert.Equal("?version=7&version_type=external_gte", _stub.Request.Query);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task RefusesId_WhenAUrlCannotAddressIt(string id)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _stub.Index.DeleteAsync(id, 1, CancellationToken.None));

        Assert.Empty(_stub.Handler.Requests);
    }

    [Fact]
    public async Task DeletesWithTheVersionAsExternalGte_WhenDeleting()
    {
        _stub.Answer("document-deleted.json");

        Assert.True(await _stub.Index.DeleteAsync("p-1", 8, CancellationToken.None));

        Assert.Equal(HttpMethod.Delete, _stub.Request.Method);
        Assert.Equal("/products/_doc/p-1", _stub.Request.Path);
        Assert.Equal("?version=8&version_type=external_gte", _stub.Request.Query);
        Assert.Null(_stub.Request.Body);
    }

    [Fact]
    public async Task ReturnsTrue_WhenTheDocumentToDeleteIsAbsent()
    {
        _stub.Answer("document-not-found.json", HttpStatusCode.NotFound);

        Assert.True(await _stub.Index.DeleteAsync("p-9", 3, CancellationToken.None));
    }

    [Fact]
    public async Task ReturnsFalse_WhenDeletingOlderVersionThanIndexed()
    {
        _stub.Answer("error-version-conflict.json", HttpStatusCode.Conflict);

        Assert.False(await _stub.Index.DeleteAsync("p-1", 7, CancellationToken.None));
    }

    [Fact]
    public async Task Throws_WhenTheIndexOfADeleteDoesNotExist()
    {
        _stub.Answer("error-index-not-found.json", HttpStatusCode.NotFound);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _stub.Index.DeleteAsync("p-1", 7, CancellationToken.None));

        Assert.Equal("index_not_found_exception", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatus);
    }

    [Fact]
    public async Task UsesTheGivenIndex_WhenConstructedWithAnotherName()
    {
        using var stub = new OpenSearchStub(indexName: "products-test-1");
        stub.Answer("document-indexed.json", HttpStatusCode.Created);

        await stub.Index.UpsertAsync(SampleDocuments.Lamp(), CancellationToken.None);

        Assert.Equal("/products-test-1/_doc/p-1", stub.Request.Path);
    }
}
