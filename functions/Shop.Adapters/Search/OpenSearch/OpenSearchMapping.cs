using System.Buffers;
using System.Text.Json;
using Shop.Core.Search;

namespace Shop.Adapters.Search.OpenSearch;

/// <summary>
/// The products index as OpenSearch creates it: one analyzer for every text field and one mapping
/// entry per field of <see cref="ProductIndexDefinition.Fields"/>. The same settings and mappings
/// go into an index template for the index's name, so that an index created by a write (while a
/// rebuild has deleted it) still gets them rather than mappings guessed from the first document.
/// </summary>
internal static class OpenSearchMapping
{
    /// <summary>Standard tokenizer, lower-cased, ASCII-folded: "Café" and "cafe" are one word, as in Lucene.</summary>
    public const string TextAnalyzer = "shop_text";

    /// <summary>The exact value kept beside a completed text field (<c>name.raw</c>): completions sort and collapse on it.</summary>
    public const string RawSubField = "raw";

    /// <summary>What a hit needs to rebuild its document exactly but no query reads: not indexed, only kept in <c>_source</c>.</summary>
    public const string StoredField = "stored";

    public static string Raw(string field) => $"{field}.{RawSubField}";

    /// <summary>Index templates of this priority win over catch-all ones (priority 0 unless set).</summary>
    public const int TemplatePriority = 200;

    /// <summary>The body of <c>PUT /{index}</c>.</summary>
    public static byte[] CreateIndexBody() => OpenSearchJson.Write(writer =>
    {
        writer.WriteStartObject();
        WriteSettingsAndMappings(writer);
        writer.WriteEndObject();
    });

    /// <summary>The body of <c>PUT /_index_template/{name}</c>: the same settings and mappings for an index of exactly <paramref name="indexName"/>.</summary>
    public static byte[] TemplateBody(string indexName) => OpenSearchJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("index_patterns");
        writer.WriteStringValue(indexName);
        writer.WriteEndArray();
        writer.WriteNumber("priority", TemplatePriority);
        writer.WriteStartObject("template");
        WriteSettingsAndMappings(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static void WriteSettingsAndMappings(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("settings");
        // One shard: term statistics (relevance) and facet counts are then exact, as in the local
        // Lucene index; a catalog fits one shard with room to spare.
        writer.WriteNumber("number_of_shards", 1);
        writer.WriteStartObject("analysis");
        writer.WriteStartObject("analyzer");
        writer.WriteStartObject(TextAnalyzer);
        writer.WriteString("type", "custom");
        writer.WriteString("tokenizer", "standard");
        writer.WriteStartArray("filter");
        writer.WriteStringValue("lowercase");
        writer.WriteStringValue("asciifolding");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartObject("mappings");
        // A field the definition does not declare is a bug in the writer; refuse it rather than guess its type.
        writer.WriteString("dynamic", "strict");
        writer.WriteStartObject("properties");
        foreach (var field in ProductIndexDefinition.Fields)
        {
            writer.WriteStartObject(field.Name);
            WriteType(writer, field);
            writer.WriteEndObject();
        }
        writer.WriteStartObject(StoredField);
        writer.WriteString("type", "object");
        writer.WriteBoolean("enabled", false);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteType(Utf8JsonWriter writer, IndexField field)
    {
        switch (field.Kind)
        {
            case IndexFieldKind.Text:
                writer.WriteString("type", "text");
                writer.WriteString("analyzer", TextAnalyzer);
                if (field.Suggest)
                {
                    writer.WriteStartObject("fields");
                    writer.WriteStartObject(RawSubField);
                    writer.WriteString("type", "keyword");
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                break;
            case IndexFieldKind.Keyword:
                writer.WriteString("type", "keyword");
                break;
            case IndexFieldKind.Long:
                writer.WriteString("type", "long");
                break;
            case IndexFieldKind.Double:
                writer.WriteString("type", "double");
                break;
            case IndexFieldKind.Boolean:
                writer.WriteString("type", "boolean");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field.Kind, "No OpenSearch type for this field kind.");
        }
    }
}

/// <summary>Request bodies are written with <see cref="Utf8JsonWriter"/>: no reflection, and user text only ever becomes a JSON string value.</summary>
internal static class OpenSearchJson
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
