using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Shop.Adapters.DynamoDb;

/// <summary>Shorthands for DynamoDB's attribute values, and the table's text formats for numbers and times.</summary>
internal static class Attr
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue Map(IReadOnlyDictionary<string, string> values) =>
        new() { M = values.ToDictionary(pair => pair.Key, pair => S(pair.Value)) };

    public static AttributeValue List(IEnumerable<AttributeValue> values) => new() { L = values.ToList() };

    /// <summary>ISO 8601 UTC to the millisecond, which sorts as text.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string String(this Dictionary<string, AttributeValue> item, string name) => item[name].S;

    public static string? OptionalString(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    public static long Long(this Dictionary<string, AttributeValue> item, string name, long fallback = 0) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : fallback;

    public static IReadOnlyDictionary<string, string> StringMap(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.M is { } map
            ? map.ToDictionary(pair => pair.Key, pair => pair.Value.S, StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static List<AttributeValue> ListOf(this Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.L is { } list ? list : [];

    /// <summary>
    /// An update expression that sets <paramref name="set"/> and removes <paramref name="remove"/>,
    /// every attribute name through a placeholder, so reserved words (name, status) need no care.
    /// </summary>
    public static (string Expression, Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) Update(
        IReadOnlyDictionary<string, AttributeValue> set, IEnumerable<string>? remove = null)
    {
        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue>();
        var assignments = new List<string>();
        foreach (var (attribute, value) in set)
        {
            var index = names.Count.ToString(CultureInfo.InvariantCulture);
            names["#a" + index] = attribute;
            values[":a" + index] = value;
            assignments.Add($"#a{index} = :a{index}");
        }
        var removals = new List<string>();
        foreach (var attribute in remove ?? [])
        {
            var index = names.Count.ToString(CultureInfo.InvariantCulture);
            names["#a" + index] = attribute;
            removals.Add("#a" + index);
        }
        var expression = "SET " + string.Join(", ", assignments) + (removals.Count > 0 ? " REMOVE " + string.Join(", ", removals) : "");
        return (expression, names, values);
    }
}
