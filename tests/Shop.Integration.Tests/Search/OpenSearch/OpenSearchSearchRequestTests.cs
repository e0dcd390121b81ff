using System.Text.Json.Nodes;
using Shop.Core.Common;
using Shop.Core.Search;

namespace Shop.Integration.Tests.Search.OpenSearch;

public sealed class OpenSearchSearchRequestTests : IDisposable
{
    private const string SearchedFields = """["name^3","brand^2","categoryNames^1.5","attributes^1","description^0.5"]""";

    private readonly OpenSearchStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task RequiresEveryWordInAnyFieldWithTyposWhereAllowed_WhenTextHasWords()
    {
        var body = await SearchAsync(Query("desk  LAMP"));

        Assert.Equal(HttpMethod.Post, _stub.Request.Method);
        Assert.Equal("/products/_search", _stub.Request.Path);
        AssertJson($"[{WordMatch("desk", fuzzy: true)},{WordMatch("LAMP", fuzzy: true)}]", body["query"]!["bool"]!["must"]);
    }

    [Fact]
    public void SpellsOutTheDefinitionsBoostsAndTypos_WhenTestsExpectThem()
    {
        var fields = string.Join(",", ProductIndexDefinition.SearchedFields.Select(f => $"\"{f.Name}^{f.Boost.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}\""));

        Assert.Equal(SearchedFields, $"[{fields}]");
        Assert.Equal(["name", "brand", "categoryNames"], ProductIndexDefinition.SearchedFields.Where(f => f.Typos).Select(f => f.Name));
        Assert.Equal("AUTO:3,6", $"AUTO:{ProductIndexDefinition.ExactUpToLength + 1},{ProductIndexDefinition.OneTypoUpToLength + 1}");
    }

    [Theory]
    [InlineData("700")]
    [InlineData("x2")]
    [InlineData("3.5mm")]
    public async Task AllowsNoTypoInAnyField_WhenAWordHoldsANumber(string word)
    {
        var body = await SearchAsync(Query(word));

        AssertJson($"[{WordMatch(word, fuzzy: false)}]", body["query"]!["bool"]!["must"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task MatchesEverything_WhenTextIsBlank(string? text)
    {
        var body = await SearchAsync(Query(text));

        AssertJson("""[{"match_all":{}}]""", body["query"]!["bool"]!["must"]);
    }

    [Theory]
    [InlineData("*:\"")]
    [InlineData("*** ?! --")]
    public async Task MatchesNothing_WhenTextHasOnlySymbols(string text)
    {
        var body = await SearchAsync(Query(text));

        AssertJson("""[{"match_none":{}}]""", body["query"]!["bool"]!["must"]);
        AssertJson("""[{"_score":{"order":"desc"}},{"id":{"order":"asc"}}]""", body["sort"]);
    }

    [Fact]
    public async Task AsksForEachWordOnce_WhenAWordIsRepeated()
    {
        var body = await SearchAsync(Query("lamp LAMP desk lamp"));

        Assert.Equal(["lamp", "desk"], Queries(body));
    }

    [Fact]
    public async Task KeepsJoinedWordsWhole_WhenTextHasApostrophesOrDecimals()
    {
        var body = await SearchAsync(Query("men's 3.5mm"));

        Assert.Equal(["men's", "3.5mm"], Queries(body));
    }

    [Fact]
    public async Task AllowsNoTypo_WhenAWordIsTooLongForFuzzyMatching()
    {
        var body = await SearchAsync(Query($"{new string('x', 64)} {new string('y', 65)} {new string('é', 33)}"));

        var fuzziness = Matches(body).Select(match => (string?)match["name"]!["fuzziness"]);
        Assert.Equal(["AUTO:3,6", null, null], fuzziness);
    }

    [Theory]
    [InlineData("\"lamp*\" name:desk AND \\x")]
    [InlineData("{\"a\":1} } ] lamp")]
    [InlineData("lamp\"}},{\"match_all\":{}}]}}")]
    [InlineData("query_string OR simple_query_string ~2 ^5 /re.*/")]
    public async Task KeepsHostileTextToMatchQueryStrings_WhenTextLooksLikeSyntax(string text)
    {
        var body = await SearchAsync(Query(text));

        var must = body["query"]!["bool"]!.AsObject();
        Assert.Equal(["must", "filter"], must.Select(p => p.Key));
        var clauses = must["must"]!.AsArray();
        Assert.All(clauses, clause => Assert.Equal(["dis_max"], clause!.AsObject().Select(p => p.Key)));
        Assert.All(clauses, clause => Assert.All(clause!["dis_max"]!["queries"]!.AsArray(), field => Assert.Equal(["match"], field!.AsObject().Select(p => p.Key))));
        Assert.Equal(SearchText.Words(text), Queries(body));
        Assert.Empty(body["query"]!["bool"]!["filter"]!.AsArray());
        Assert.Equal(["size", "track_total_hits", "query", "sort", "aggs"], body.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task FiltersByEveryGivenFilter_WhenAllAreSet()
    {
        var filters = new SearchFilters(["c-lamps", "c-desk-lamps"], MinPrice: 1000, MaxPrice: 5000, MinRating: 3.5, InStock: true, SellerId: "s-1");

        var body = await SearchAsync(Query("lamp") with { Filters = filters });

        AssertJson("""
            [
              {"terms":{"categoryId":["c-lamps","c-desk-lamps"]}},
              {"range":{"minPrice":{"gte":1000,"lte":5000}}},
              {"range":{"rating":{"gte":3.5}}},
              {"term":{"inStock":true}},
              {"term":{"sellerId":"s-1"}}
            ]
            """, body["query"]!["bool"]!["filter"]);
    }

    [Fact]
    public async Task LeavesOutFiltersNotAsked_WhenOnlySomeAreSet()
    {
        var body = await SearchAsync(Query("lamp") with { Filters = new SearchFilters(MaxPrice: 5000, InStock: false) });

        AssertJson("""[{"range":{"minPrice":{"lte":5000}}}]""", body["query"]!["bool"]!["filter"]);
    }

    [Theory]
    [InlineData(SearchSort.Relevance, "lamp", """[{"_score":{"order":"desc"}},{"id":{"order":"asc"}}]""")]
    [InlineData(SearchSort.Relevance, "", """[{"createdAt":{"order":"desc"}},{"id":{"order":"asc"}}]""")]
    [InlineData(SearchSort.Newest, "lamp", """[{"createdAt":{"order":"desc"}},{"id":{"order":"asc"}}]""")]
    [InlineData(SearchSort.PriceAscending, "lamp", """[{"minPrice":{"order":"asc"}},{"id":{"order":"asc"}}]""")]
    [InlineData(SearchSort.PriceDescending, "lamp", """[{"minPrice":{"order":"desc"}},{"id":{"order":"asc"}}]""")]
    [InlineData(SearchSort.Rating, "lamp", """[{"rating":{"order":"desc","missing":"_last"}},{"ratingCount":{"order":"desc"}},{"id":{"order":"asc"}}]""")]
    public async Task SortsWithIdAsTiebreaker_WhenOrderIsAsked(SearchSort sort, string text, string expected)
    {
        var body = await SearchAsync(Query(text) with { Sort = sort });

        AssertJson(expected, body["sort"]);
    }

    [Fact]
    public async Task AsksForLimitHitsWithExactTotal_WhenSearching()
    {
        var body = await SearchAsync(Query("lamp") with { Limit = 21 });

        Assert.Equal(21, (int?)body["size"]);
        Assert.True((bool?)body["track_total_hits"]);
        Assert.Null(body["search_after"]);
    }

    [Theory]
    [InlineData(SearchSort.Rating, new[] { "4.5", "12", "p-1" }, """[4.5,12,"p-1"]""")]
    [InlineData(SearchSort.Rating, new[] { "-Infinity", "0", "p-3" }, """["-Infinity",0,"p-3"]""")]
    [InlineData(SearchSort.Relevance, new[] { "1.3862944", "p-1" }, """[1.3862944,"p-1"]""")]
    [InlineData(SearchSort.Newest, new[] { "1714564800123", "p-1" }, """[1714564800123,"p-1"]""")]
    [InlineData(SearchSort.PriceAscending, new[] { "1999", "p:\"1\"" }, """[1999,"p:\"1\""]""")]
    public async Task ContinuesAfterThePositionAsTypedValues_WhenAPositionIsGiven(SearchSort sort, string[] position, string expected)
    {
        var body = await SearchAsync(Query("lamp") with { Sort = sort, After = new SearchPosition(position) });

        AssertJson(expected, body["search_after"]);
    }

    [Theory]
    [InlineData(SearchSort.Newest, new[] { "1714564800123" })]
    [InlineData(SearchSort.Newest, new[] { "1714564800123", "p-1", "x" })]
    [InlineData(SearchSort.Newest, new[] { "1.5", "p-1" })]
    [InlineData(SearchSort.PriceAscending, new[] { "cheap", "p-1" })]
    [InlineData(SearchSort.PriceAscending, new[] { "99999999999999999999", "p-1" })]
    [InlineData(SearchSort.Relevance, new[] { "NaN", "p-1" })]
    [InlineData(SearchSort.Relevance, new[] { "Infinity", "p-1" })]
    [InlineData(SearchSort.Rating, new[] { "4.5", "twelve", "p-1" })]
    [InlineData(SearchSort.Rating, new[] { "Infinity", "0", "p-1" })]
    public async Task ThrowsInvalidCursorWithoutARequest_WhenThePositionDoesNotFitTheOrder(SearchSort sort, string[] position)
    {
        var query = Query("lamp") with { Sort = sort, After = new SearchPosition(position) };

        await Assert.ThrowsAsync<InvalidCursorException>(() => _stub.Index.SearchAsync(query, CancellationToken.None));

        Assert.Empty(_stub.Handler.Requests);
    }

    [Fact]
    public async Task CountsEveryFacetOverQueryAndFilters_WhenSearching()
    {
        var body = await SearchAsync(Query("lamp"));

        AssertJson("""
            {
              "categories":{"terms":{"field":"categoryId","size":1000}},
              "brands":{"terms":{"field":"brandKeyword","size":20,"order":[{"_count":"desc"},{"_key":"asc"}]}},
              "prices":{"range":{"field":"minPrice","ranges":[
                {"key":"0","to":1000},
                {"key":"1000","from":1000,"to":2500},
                {"key":"2500","from":2500,"to":5000},
                {"key":"5000","from":5000,"to":10000},
                {"key":"10000","from":10000,"to":25000},
                {"key":"25000","from":25000,"to":50000},
                {"key":"50000","from":50000}]}},
              "ratings":{"filters":{"filters":{
                "4":{"range":{"rating":{"gte":4}}},
                "3":{"range":{"rating":{"gte":3}}},
                "2":{"range":{"rating":{"gte":2}}},
                "1":{"range":{"rating":{"gte":1}}}}}}
            }
            """, body["aggs"]);
    }

    /// <summary>What one word becomes: a <c>dis_max</c> of a <c>match</c> per searched field, typos in name, brand and category names only.</summary>
    private static string WordMatch(string word, bool fuzzy)
    {
        var typos = fuzzy ? ""","fuzziness":"AUTO:3,6","prefix_length":0""" : "";
        return """
            {"dis_max":{"tie_breaker":0.2,"queries":[
              {"match":{"name":{"query":"WORD","boost":3,"operator":"and"TYPOS}}},
              {"match":{"brand":{"query":"WORD","boost":2,"operator":"and"TYPOS}}},
              {"match":{"categoryNames":{"query":"WORD","boost":1.5,"operator":"and"TYPOS}}},
              {"match":{"attributes":{"query":"WORD","boost":1,"operator":"and"}}},
              {"match":{"description":{"query":"WORD","boost":0.5,"operator":"and"}}}]}}
            """.Replace("WORD", word, StringComparison.Ordinal).Replace("TYPOS", typos, StringComparison.Ordinal);
    }

    /// <summary>Each word's first field match (name): the word and its settings, as every field carries it.</summary>
    private static IEnumerable<JsonNode> Matches(JsonNode body) =>
        body["query"]!["bool"]!["must"]!.AsArray().Select(clause => clause!["dis_max"]!["queries"]![0]!["match"]!);

    private static IEnumerable<string?> Queries(JsonNode body) => Matches(body).Select(match => (string?)match["name"]!["query"]);

    private static SearchQuery Query(string? text) => new(text, SearchFilters.None, SearchSort.Relevance, 10);

    private async Task<JsonNode> SearchAsync(SearchQuery query)
    {
        _stub.Answer("search-empty.json");
        var results = await _stub.Index.SearchAsync(query, CancellationToken.None);
        Assert.Equal((0, 0L), (results.Hits.Count, results.Total));
        Assert.All([results.Facets.Categories, results.Facets.Brands, results.Facets.PriceBuckets, results.Facets.Ratings], Assert.Empty);
        return _stub.Request.Json;
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {JsonNode.Parse(expected)!.ToJsonString()}\nActual   {actual?.ToJsonString()}");
}
