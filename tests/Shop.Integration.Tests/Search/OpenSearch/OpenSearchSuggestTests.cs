using System.Text.Json.Nodes;
using Shop.Core.Search;

namespace Shop.Integration.Tests.Search.OpenSearch;

public sealed class OpenSearchSuggestTests : IDisposable
{
    private readonly OpenSearchStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task MatchesEarlierWordsExactlyAndTheLastAsAPrefix_WhenSuggesting()
    {
        _stub.Answer("suggest.json");

        await _stub.Index.SuggestAsync("lumen de", 5, CancellationToken.None);

        var body = _stub.Request.Json;
        Assert.Equal("/products/_search", _stub.Request.Path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {
              "size":5,
              "track_total_hits":false,
              "_source":["id","name"],
              "query":{"bool":{"must":[
                {"multi_match":{"query":"lumen","type":"best_fields","fields":["name","brand"],"operator":"and"}},
                {"multi_match":{"query":"de","type":"bool_prefix","fields":["name","brand"],"operator":"and"}}]}},
              "sort":[{"ratingCount":{"order":"desc"}},{"name.raw":{"order":"asc"}},{"id":{"order":"asc"}}],
              "collapse":{"field":"name.raw"}
            }
            """), body), body.ToJsonString());
    }

    [Fact]
    public async Task KeepsSyntaxOutOfTheQuery_WhenPrefixIsHostile()
    {
        _stub.Answer("suggest.json");

        await _stub.Index.SuggestAsync("lu*\"} OR {\"x", 5, CancellationToken.None);

        var must = _stub.Request.Json["query"]!["bool"]!["must"]!.AsArray();
        Assert.Equal(["lu", "OR", "x"], must.Select(clause => (string?)clause!["multi_match"]!["query"]));
    }

    [Fact]
    public async Task ReturnsDistinctNamesWithTheirProduct_WhenOpenSearchAnswers()
    {
        _stub.Answer("suggest.json");

        var suggestions = await _stub.Index.SuggestAsync("lam", 5, CancellationToken.None);

        Assert.Equal([new Suggestion("Lumen Desk Lamp", "p-1"), new Suggestion("Lumen Clip Lamp", "p-3")], suggestions);
    }

    [Fact]
    public async Task ReturnsAtMostTheLimit_WhenMoreNamesMatch()
    {
        _stub.Answer("suggest.json");

        var suggestion = Assert.Single(await _stub.Index.SuggestAsync("lam", 1, CancellationToken.None));

        Assert.Equal("Lumen Desk Lamp", suggestion.Text);
    }

    [Fact]
    public async Task AsksForAtMostTheMostSuggestions_WhenTheLimitIsHigher()
    {
        _stub.Answer("suggest.json");

        await _stub.Index.SuggestAsync("lam", 50, CancellationToken.None);

        Assert.Equal(ProductIndexDefinition.MaxSuggestions, (int?)_stub.Request.Json["size"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"*:")]
    public async Task ReturnsNothingWithoutARequest_WhenPrefixHasNoWords(string prefix)
    {
        Assert.Empty(await _stub.Index.SuggestAsync(prefix, 5, CancellationToken.None));

        Assert.Empty(_stub.Handler.Requests);
    }
}
