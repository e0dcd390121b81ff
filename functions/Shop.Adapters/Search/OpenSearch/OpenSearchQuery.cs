using System.Globalization;
using System.Text.Json;
using Shop.Core.Search;

namespace Shop.Adapters.Search.OpenSearch;

/// <summary>
/// The query DSL bodies the index sends. A shopper's text only ever becomes the <c>query</c>
/// string of match queries, one <c>dis_max</c> of them per word of <see cref="SearchText.Words"/>:
/// never <c>query_string</c>, so quotes, <c>*</c>, <c>:</c> or <c>AND</c> are words or separators, not syntax.
/// </summary>
internal static class OpenSearchQuery
{
    public const string Categories = "categories";
    public const string Brands = "brands";
    public const string Prices = "prices";
    public const string Ratings = "ratings";

    /// <summary>More categories than a catalog has: the category facet lists every one that matches.</summary>
    public const int MaxCategoryFacets = 1000;

    /// <summary>
    /// OpenSearch's AUTO fuzziness with the definition's bounds: words shorter than the first
    /// number must match exactly, shorter than the second allow one edit, longer ones two.
    /// </summary>
    public static readonly string Fuzziness = string.Create(CultureInfo.InvariantCulture,
        $"AUTO:{ProductIndexDefinition.ExactUpToLength + 1},{ProductIndexDefinition.OneTypoUpToLength + 1}");

    /// <summary>
    /// Longer words (in UTF-8 bytes) must match exactly: Lucene refuses a typo-tolerant query on a
    /// long term as too complex to determinize, and no product word is that long.
    /// </summary>
    public const int MaxFuzzyWordBytes = 64;

    /// <summary>How much of a word's other matching fields adds to its best field's score, as the Lucene engine weighs them.</summary>
    public const double TieBreaker = 0.2;

    /// <summary>Blank text matches every product; text without words (symbols only) matches none.</summary>
    public static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);

    public static byte[] Search(SearchQuery query, IReadOnlyList<SortKey> sort)
    {
        var words = SearchText.Words(query.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var searchAfter = query.After is null ? null : OpenSearchSorts.SearchAfter(sort, query.After);
        return OpenSearchJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("size", query.Limit);
            writer.WriteBoolean("track_total_hits", true);
            writer.WriteStartObject("query");
            writer.WriteStartObject("bool");
            writer.WriteStartArray("must");
            if (words.Count == 0)
            {
                writer.WriteStartObject();
                writer.WriteStartObject(IsBlank(query.Text) ? "match_all" : "match_none");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            foreach (var word in words)
            {
                WriteWordMatch(writer, word);
            }
            writer.WriteEndArray();
            WriteFilters(writer, query.Filters);
            writer.WriteEndObject();
            writer.WriteEndObject();
            OpenSearchSorts.WriteSort(writer, sort);
            searchAfter?.Invoke(writer);
            WriteAggregations(writer);
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// Completions: every word but the last must be in a completed field (no typos), the last
    /// must begin a word there; most reviewed first, one hit per distinct name.
    /// </summary>
    public static byte[] Suggest(IReadOnlyList<string> words, int limit)
    {
        var fields = ProductIndexDefinition.Fields.Where(f => f.Suggest).Select(f => f.Name).ToList();
        return OpenSearchJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("size", limit);
            writer.WriteBoolean("track_total_hits", false);
            writer.WriteStartArray("_source");
            writer.WriteStringValue("id");
            writer.WriteStringValue("name");
            writer.WriteEndArray();
            writer.WriteStartObject("query");
            writer.WriteStartObject("bool");
            writer.WriteStartArray("must");
            for (var i = 0; i < words.Count; i++)
            {
                writer.WriteStartObject();
                writer.WriteStartObject("multi_match");
                writer.WriteString("query", words[i]);
                writer.WriteString("type", i == words.Count - 1 ? "bool_prefix" : "best_fields");
                WriteStrings(writer, "fields", fields);
                writer.WriteString("operator", "and");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            OpenSearchSorts.WriteSort(writer,
            [
                new SortKey("ratingCount", Descending: true, SortValueKind.Whole),
                new SortKey(OpenSearchMapping.Raw("name"), Descending: false, SortValueKind.Text),
                new SortKey("id", Descending: false, SortValueKind.Text),
            ]);
            writer.WriteStartObject("collapse");
            writer.WriteString("field", OpenSearchMapping.Raw("name"));
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// The word in any searched field: the best field's score plus a share of the others', as
    /// <c>multi_match</c> of type <c>best_fields</c> scores it, written out as its <c>dis_max</c> of
    /// one <c>match</c> per field because fields differ in whether typos are allowed. Typos by the
    /// word's length where the definition allows them, never in a word holding a number. A word
    /// the tokenizer still cuts in two ("a.1") needs both parts (<c>operator: and</c>).
    /// </summary>
    private static void WriteWordMatch(Utf8JsonWriter writer, string word)
    {
        var fuzzy = !ProductIndexDefinition.HoldsNumber(word) && System.Text.Encoding.UTF8.GetByteCount(word) <= MaxFuzzyWordBytes;
        writer.WriteStartObject();
        writer.WriteStartObject("dis_max");
        writer.WriteNumber("tie_breaker", TieBreaker);
        writer.WriteStartArray("queries");
        foreach (var field in ProductIndexDefinition.SearchedFields)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("match");
            writer.WriteStartObject(field.Name);
            writer.WriteString("query", word);
            writer.WriteNumber("boost", field.Boost);
            writer.WriteString("operator", "and");
            if (fuzzy && field.Typos)
            {
                writer.WriteString("fuzziness", Fuzziness);
                writer.WriteNumber("prefix_length", 0);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteFilters(Utf8JsonWriter writer, SearchFilters filters)
    {
        writer.WriteStartArray("filter");
        if (filters.CategoryIds is { } categoryIds)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("terms");
            WriteStrings(writer, "categoryId", categoryIds);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        if (filters.MinPrice is not null || filters.MaxPrice is not null)
        {
            WriteRange(writer, "minPrice", range =>
            {
                if (filters.MinPrice is { } min)
                {
                    range.WriteNumber("gte", min);
                }
                if (filters.MaxPrice is { } max)
                {
                    range.WriteNumber("lte", max);
                }
            });
        }
        if (filters.MinRating is { } minRating)
        {
            WriteRange(writer, "rating", range => range.WriteNumber("gte", minRating));
        }
        if (filters.InStock == true)
        {
            WriteTerm(writer, "inStock", term => term.WriteBooleanValue(true));
        }
        if (filters.SellerId is { } sellerId)
        {
            WriteTerm(writer, "sellerId", term => term.WriteStringValue(sellerId));
        }
        writer.WriteEndArray();
    }

    private static void WriteAggregations(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("aggs");

        writer.WriteStartObject(Categories);
        writer.WriteStartObject("terms");
        writer.WriteString("field", "categoryId");
        writer.WriteNumber("size", MaxCategoryFacets);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject(Brands);
        writer.WriteStartObject("terms");
        writer.WriteString("field", "brandKeyword");
        writer.WriteNumber("size", ProductIndexDefinition.MaxBrandFacets);
        writer.WriteStartArray("order");
        writer.WriteStartObject();
        writer.WriteString("_count", "desc");
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString("_key", "asc");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject(Prices);
        writer.WriteStartObject("range");
        writer.WriteString("field", "minPrice");
        writer.WriteStartArray("ranges");
        long lower = 0;
        foreach (var upper in ProductIndexDefinition.PriceBucketBounds.Append(long.MaxValue))
        {
            writer.WriteStartObject();
            writer.WriteString("key", lower.ToString(CultureInfo.InvariantCulture));
            if (lower > 0)
            {
                writer.WriteNumber("from", lower);
            }
            if (upper != long.MaxValue)
            {
                writer.WriteNumber("to", upper);
            }
            writer.WriteEndObject();
            lower = upper;
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject(Ratings);
        writer.WriteStartObject("filters");
        writer.WriteStartObject("filters");
        foreach (var floor in ProductIndexDefinition.RatingFloors)
        {
            writer.WriteStartObject(floor.ToString(CultureInfo.InvariantCulture));
            WriteRangeBody(writer, "rating", range => range.WriteNumber("gte", floor));
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteEndObject();
    }

    private static void WriteRange(Utf8JsonWriter writer, string field, Action<Utf8JsonWriter> bounds)
    {
        writer.WriteStartObject();
        WriteRangeBody(writer, field, bounds);
        writer.WriteEndObject();
    }

    private static void WriteRangeBody(Utf8JsonWriter writer, string field, Action<Utf8JsonWriter> bounds)
    {
        writer.WriteStartObject("range");
        writer.WriteStartObject(field);
        bounds(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteTerm(Utf8JsonWriter writer, string field, Action<Utf8JsonWriter> value)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("term");
        writer.WritePropertyName(field);
        value(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }
}
