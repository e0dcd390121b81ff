using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Lambda.Events;

/// <summary>
/// Reads a JSON object as a string-to-string map, keeping any non-string value as its JSON text,
/// so one emitter's numeric or array claim does not make the whole event unreadable.
/// </summary>
public sealed class StringMapConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object of strings, found {reader.TokenType}.");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            map[name] = ReadValue(ref reader);
        }
        return map;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, text) in value)
        {
            writer.WriteString(name, text);
        }
        writer.WriteEndObject();
    }

    private static string ReadValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString()!;
        }
        using var value = JsonDocument.ParseValue(ref reader);
        return value.RootElement.GetRawText();
    }
}
