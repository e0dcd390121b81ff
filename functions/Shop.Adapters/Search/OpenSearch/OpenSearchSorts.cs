using System.Globalization;
using System.Text.Json;
using Shop.Core.Common;
using Shop.Core.Search;

namespace Shop.Adapters.Search.OpenSearch;

/// <summary>How a sort key's values travel in a hit's <c>sort</c> array and back in <c>search_after</c>.</summary>
internal enum SortValueKind
{
    /// <summary><c>_score</c> and double fields; a missing double sorts as ±Infinity, which JSON carries as a string.</summary>
    Decimal,
    Whole,
    Text,
}

internal sealed record SortKey(string Field, bool Descending, SortValueKind Kind, bool MissingLast = false);

/// <summary>
/// The order of each <see cref="SearchSort"/>, always ending with <c>id</c> so every hit has a
/// distinct position; and the conversions between OpenSearch's sort values and
/// <see cref="SearchPosition"/>'s invariant strings.
/// </summary>
internal static class OpenSearchSorts
{
    public const string Score = "_score";

    private static readonly SortKey ById = Key("id", descending: false);

    /// <summary>The order of <paramref name="sort"/>; relevance without text to score is newest first.</summary>
    public static IReadOnlyList<SortKey> For(SearchSort sort, bool scored) => sort switch
    {
        SearchSort.Relevance when scored => [Key(Score, descending: true), ById],
        SearchSort.Relevance or SearchSort.Newest => [Key("createdAt", descending: true), ById],
        SearchSort.PriceAscending => [Key("minPrice", descending: false), ById],
        SearchSort.PriceDescending => [Key("minPrice", descending: true), ById],
        SearchSort.Rating => [Key("rating", descending: true) with { MissingLast = true }, Key("ratingCount", descending: true), ById],
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown search order."),
    };

    public static void WriteSort(Utf8JsonWriter writer, IReadOnlyList<SortKey> keys)
    {
        writer.WriteStartArray("sort");
        foreach (var key in keys)
        {
            writer.WriteStartObject();
            writer.WriteStartObject(key.Field);
            writer.WriteString("order", key.Descending ? "desc" : "asc");
            if (key.MissingLast)
            {
                writer.WriteString("missing", "_last");
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>The <c>search_after</c> values of <paramref name="after"/>, checked against the keys before anything is written.</summary>
    /// <exception cref="InvalidCursorException">Too few or too many values, or one that is not of its key's kind.</exception>
    public static Action<Utf8JsonWriter> SearchAfter(IReadOnlyList<SortKey> keys, SearchPosition after)
    {
        if (after.SortValues.Count != keys.Count)
        {
            throw Invalid();
        }
        var values = keys.Select((key, i) => Parse(key, after.SortValues[i])).ToList();
        return writer =>
        {
            writer.WriteStartArray("search_after");
            values.ForEach(write => write(writer));
            writer.WriteEndArray();
        };
    }

    /// <summary>A hit's position: its <c>sort</c> values as invariant strings (doubles round-trip).</summary>
    public static SearchPosition Position(IReadOnlyList<SortKey> keys, JsonElement sort)
    {
        var values = sort.EnumerateArray().ToList();
        if (values.Count != keys.Count)
        {
            throw new JsonException($"A hit has {values.Count} sort values for {keys.Count} sort keys.");
        }
        return new SearchPosition(keys.Select((key, i) => Format(key, values[i])).ToList());
    }

    private static string Format(SortKey key, JsonElement value) => key.Kind switch
    {
        SortValueKind.Whole => value.GetInt64().ToString(CultureInfo.InvariantCulture),
        SortValueKind.Decimal when value.ValueKind == JsonValueKind.String =>
            double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        SortValueKind.Decimal => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => value.GetString() ?? throw new JsonException($"A hit has no value for sort key '{key.Field}'."),
    };

    private static Action<Utf8JsonWriter> Parse(SortKey key, string value)
    {
        switch (key.Kind)
        {
            case SortValueKind.Whole when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                return writer => writer.WriteNumberValue(whole);
            case SortValueKind.Decimal when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsNaN(number):
                if (double.IsFinite(number))
                {
                    return writer => writer.WriteNumberValue(number);
                }
                // Only a missing value sorts at infinity (-Infinity when descending, so last); JSON has
                // no such number, OpenSearch reads the string.
                var last = key.Descending ? double.NegativeInfinity : double.PositiveInfinity;
                var infinity = number.ToString("R", CultureInfo.InvariantCulture);
                return key.MissingLast && number == last ? writer => writer.WriteStringValue(infinity) : throw Invalid();
            case SortValueKind.Text:
                return writer => writer.WriteStringValue(value);
            default:
                throw Invalid();
        }
    }

    private static SortKey Key(string field, bool descending) => new(field, descending, KindOf(field));

    private static SortValueKind KindOf(string field) =>
        field == Score
            ? SortValueKind.Decimal
            : ProductIndexDefinition.Fields.Single(f => f.Name == field).Kind switch
            {
                IndexFieldKind.Long => SortValueKind.Whole,
                IndexFieldKind.Double => SortValueKind.Decimal,
                IndexFieldKind.Keyword => SortValueKind.Text,
                var kind => throw new InvalidOperationException($"'{field}' is a {kind} field; searches cannot sort by it."),
            };

    private static InvalidCursorException Invalid() => new("The cursor does not belong to this search.");
}
