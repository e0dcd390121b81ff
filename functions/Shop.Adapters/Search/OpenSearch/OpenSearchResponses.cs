using System.Globalization;
using System.Text.Json;
using Shop.Core.Search;

namespace Shop.Adapters.Search.OpenSearch;

/// <summary>Reads the documented shapes of OpenSearch's answers into the port's types.</summary>
internal static class OpenSearchResponses
{
    public static SearchResults Search(byte[] body, IReadOnlyList<SortKey> sort)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var hits = root.GetProperty("hits");
        var found = hits.GetProperty("hits").EnumerateArray()
            .Select(hit => new SearchHit(OpenSearchDocuments.Read(hit.GetProperty("_source")), OpenSearchSorts.Position(sort, hit.GetProperty("sort"))))
            .ToList();
        var total = hits.GetProperty("total").GetProperty("value").GetInt64();
        return new SearchResults(found, total, Facets(root.GetProperty("aggregations")));
    }

    public static IReadOnlyList<Suggestion> Suggestions(byte[] body, int limit)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray()
            .Select(hit => hit.GetProperty("_source"))
            .Select(source => new Suggestion(source.GetProperty("name").GetString()!, source.GetProperty("id").GetString()!))
            .DistinctBy(suggestion => suggestion.Text, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
    }

    /// <summary>Counts ordered as in every engine: categories and brands by count then value, price buckets by bound, ratings by floor; zero counts left out.</summary>
    private static SearchFacets Facets(JsonElement aggregations)
    {
        var prices = Buckets(aggregations, OpenSearchQuery.Prices)
            .Select(bucket => new FacetCount(bucket.GetProperty("key").GetString()!, bucket.GetProperty("doc_count").GetInt64()))
            .Where(f => f.Count > 0)
            .OrderBy(f => long.Parse(f.Value, CultureInfo.InvariantCulture))
            .ToList();
        var ratingBuckets = aggregations.GetProperty(OpenSearchQuery.Ratings).GetProperty("buckets");
        var ratings = ProductIndexDefinition.RatingFloors
            .Select(floor => floor.ToString(CultureInfo.InvariantCulture))
            .Select(floor => new FacetCount(floor, ratingBuckets.GetProperty(floor).GetProperty("doc_count").GetInt64()))
            .Where(f => f.Count > 0)
            .ToList();
        return new SearchFacets(Terms(aggregations, OpenSearchQuery.Categories), Terms(aggregations, OpenSearchQuery.Brands), prices, ratings);
    }

    private static List<FacetCount> Terms(JsonElement aggregations, string name) =>
        Buckets(aggregations, name)
            .Select(bucket => new FacetCount(bucket.GetProperty("key").GetString()!, bucket.GetProperty("doc_count").GetInt64()))
            .Where(f => f.Count > 0)
            .OrderByDescending(f => f.Count)
            .ThenBy(f => f.Value, StringComparer.Ordinal)
            .ToList();

    private static JsonElement.ArrayEnumerator Buckets(JsonElement aggregations, string name) =>
        aggregations.GetProperty(name).GetProperty("buckets").EnumerateArray();
}

/// <summary>
/// OpenSearch's error body: <c>{"error":{"root_cause":[...],"type":"...","reason":"..."},"status":N}</c>;
/// a proxy or the AWS front end may answer <c>{"message":"..."}</c>, a string or no JSON at all.
/// </summary>
internal static class OpenSearchError
{
    private const int MaxRawLength = 512;

    public static (string? Type, string? Reason) Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            return (null, null);
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                return error.ValueKind == JsonValueKind.Object ? Read(error) : (null, error.ToString());
            }
            if (root.ValueKind == JsonValueKind.Object)
            {
                return (null, Text(root, "message") ?? Text(root, "Message") ?? Raw(body));
            }
            return (null, Raw(body));
        }
        catch (JsonException)
        {
            return (null, Raw(body));
        }
    }

    public static (string? Type, string? Reason) Read(JsonElement error) => (Text(error, "type"), Text(error, "reason"));

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Raw(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body).Trim();
        return text.Length <= MaxRawLength ? text : text[..MaxRawLength];
    }
}
