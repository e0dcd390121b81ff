using System.Globalization;
using System.Text.Json;
using Shop.Core.Search;

namespace Shop.Adapters.Search.OpenSearch;

/// <summary>
/// A <see cref="ProductDocument"/> as the index holds it: every field of
/// <see cref="ProductIndexDefinition.Fields"/> under its name (attribute values as text,
/// <c>brandKeyword</c> beside <c>brand</c>, <c>createdAt</c> in epoch milliseconds), plus
/// <see cref="OpenSearchMapping.StoredField"/> with what only the round trip needs.
/// </summary>
internal static class OpenSearchDocuments
{
    public static byte[] Write(ProductDocument document) => OpenSearchJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        writer.WriteNumber("version", document.Version);
        writer.WriteString("name", document.Name);
        writer.WriteString("brand", document.Brand);
        writer.WriteString("brandKeyword", document.Brand);
        writer.WriteString("description", document.Description);
        writer.WriteString("categoryId", document.CategoryId);
        WriteStrings(writer, "categoryNames", document.CategoryNames);
        WriteStrings(writer, "attributes", document.Attributes.Values);
        writer.WriteNumber("minPrice", document.MinPrice);
        writer.WriteNumber("maxPrice", document.MaxPrice);
        writer.WriteString("currency", document.Currency);
        if (document.Rating is { } rating)
        {
            writer.WriteNumber("rating", rating);
        }
        else
        {
            writer.WriteNull("rating");
        }
        writer.WriteNumber("ratingCount", document.RatingCount);
        writer.WriteBoolean("inStock", document.InStock);
        writer.WriteString("sellerId", document.SellerId);
        writer.WriteNumber("createdAt", document.CreatedAt.ToUnixTimeMilliseconds());

        writer.WriteStartObject(OpenSearchMapping.StoredField);
        writer.WriteStartObject("attributes");
        foreach (var (name, value) in document.Attributes)
        {
            writer.WriteString(name, value);
        }
        writer.WriteEndObject();
        // The exact instant: createdAt above is whole milliseconds, for sorting.
        writer.WriteString("createdAt", document.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("imageKey", document.ImageKey);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    public static ProductDocument Read(JsonElement source)
    {
        var stored = Required(source, OpenSearchMapping.StoredField);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in Required(stored, "attributes").EnumerateObject())
        {
            attributes[attribute.Name] = attribute.Value.GetString() ?? "";
        }
        var rating = Required(source, "rating");
        return new ProductDocument(
            String(source, "id"),
            Required(source, "version").GetInt64(),
            String(source, "name"),
            String(source, "brand"),
            String(source, "description"),
            String(source, "categoryId"),
            Required(source, "categoryNames").EnumerateArray().Select(name => name.GetString() ?? "").ToList(),
            attributes,
            Required(source, "minPrice").GetInt64(),
            Required(source, "maxPrice").GetInt64(),
            String(source, "currency"),
            rating.ValueKind == JsonValueKind.Null ? null : rating.GetDouble(),
            Required(source, "ratingCount").GetInt32(),
            Required(source, "inStock").GetBoolean(),
            String(source, "sellerId"),
            DateTimeOffset.Parse(String(stored, "createdAt"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            Required(stored, "imageKey").GetString());
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

    private static JsonElement Required(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new JsonException($"An indexed product lacks '{name}': it was not written by this version of the index.");

    private static string String(JsonElement element, string name) =>
        Required(element, name).GetString() ?? throw new JsonException($"An indexed product has a null '{name}'.");
}
