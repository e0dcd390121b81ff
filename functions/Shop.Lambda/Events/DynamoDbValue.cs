using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Lambda.Events;

/// <summary>The wire type tags of a DynamoDB attribute value.</summary>
public enum DynamoDbType
{
    S,
    N,
    B,
    Bool,
    Null,
    M,
    L,
    SS,
    NS,
    BS,
}

/// <summary>
/// One DynamoDB attribute value in its JSON wire form (<c>{"S":"x"}</c>, <c>{"N":"1.5"}</c>,
/// <c>{"M":{...}}</c>...). Numbers stay as their text because DynamoDB carries 38 digits, more than
/// <see cref="decimal"/> holds; the typed accessors parse on demand and throw when the tag differs.
/// </summary>
[JsonConverter(typeof(DynamoDbValueConverter))]
public sealed class DynamoDbValue
{
    private readonly object? _value;

    private DynamoDbValue(DynamoDbType type, object? value)
    {
        Type = type;
        _value = value;
    }

    public DynamoDbType Type { get; }

    public bool IsNull => Type == DynamoDbType.Null;

    public static DynamoDbValue String(string value) => new(DynamoDbType.S, value);
    public static DynamoDbValue Number(string value) => new(DynamoDbType.N, value);
    public static DynamoDbValue Number(decimal value) => new(DynamoDbType.N, value.ToString(CultureInfo.InvariantCulture));
    public static DynamoDbValue Binary(byte[] value) => new(DynamoDbType.B, value);
    public static DynamoDbValue Bool(bool value) => new(DynamoDbType.Bool, value);
    public static readonly DynamoDbValue Null = new(DynamoDbType.Null, null);
    public static DynamoDbValue Map(IReadOnlyDictionary<string, DynamoDbValue> value) => new(DynamoDbType.M, value);
    public static DynamoDbValue List(IReadOnlyList<DynamoDbValue> value) => new(DynamoDbType.L, value);
    public static DynamoDbValue StringSet(IReadOnlyList<string> value) => new(DynamoDbType.SS, value);
    public static DynamoDbValue NumberSet(IReadOnlyList<string> value) => new(DynamoDbType.NS, value);
    public static DynamoDbValue BinarySet(IReadOnlyList<byte[]> value) => new(DynamoDbType.BS, value);

    public string AsString() => As<string>(DynamoDbType.S);

    /// <summary>The number exactly as DynamoDB wrote it.</summary>
    public string AsNumberText() => As<string>(DynamoDbType.N);

    public decimal AsDecimal() => decimal.Parse(AsNumberText(), NumberStyles.Float, CultureInfo.InvariantCulture);
    public long AsInt64() => long.Parse(AsNumberText(), NumberStyles.Integer, CultureInfo.InvariantCulture);
    public byte[] AsBinary() => As<byte[]>(DynamoDbType.B);
    public bool AsBool() => As<bool>(DynamoDbType.Bool);
    public IReadOnlyDictionary<string, DynamoDbValue> AsMap() => As<IReadOnlyDictionary<string, DynamoDbValue>>(DynamoDbType.M);
    public IReadOnlyList<DynamoDbValue> AsList() => As<IReadOnlyList<DynamoDbValue>>(DynamoDbType.L);
    public IReadOnlyList<string> AsStringSet() => As<IReadOnlyList<string>>(DynamoDbType.SS);
    public IReadOnlyList<string> AsNumberSet() => As<IReadOnlyList<string>>(DynamoDbType.NS);
    public IReadOnlyList<byte[]> AsBinarySet() => As<IReadOnlyList<byte[]>>(DynamoDbType.BS);

    public override string ToString() => $"{{{Tag(Type)}: {_value}}}";

    private T As<T>(DynamoDbType expected) =>
        Type == expected
            ? (T)_value!
            : throw new InvalidOperationException($"The attribute is {Tag(Type)}, not {Tag(expected)}.");

    internal object? RawValue => _value;

    internal static string Tag(DynamoDbType type) => type switch
    {
        DynamoDbType.Bool => "BOOL",
        DynamoDbType.Null => "NULL",
        _ => type.ToString(),
    };
}

/// <summary>Reads and writes the one-key wire objects by hand, so no reflection is involved.</summary>
public sealed class DynamoDbValueConverter : JsonConverter<DynamoDbValue>
{
    public override DynamoDbValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            throw new JsonException("A DynamoDB attribute value needs exactly one type tag; found none.");
        }
        var tag = reader.GetString();
        reader.Read();
        var value = ReadTagged(tag, ref reader, options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException($"A DynamoDB attribute value needs exactly one type tag; found more after '{tag}'.");
        }
        return value;
    }

    public override void Write(Utf8JsonWriter writer, DynamoDbValue value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(DynamoDbValue.Tag(value.Type));
        switch (value.Type)
        {
            case DynamoDbType.S or DynamoDbType.N:
                writer.WriteStringValue((string)value.RawValue!);
                break;
            case DynamoDbType.B:
                writer.WriteBase64StringValue((byte[])value.RawValue!);
                break;
            case DynamoDbType.Bool:
                writer.WriteBooleanValue((bool)value.RawValue!);
                break;
            case DynamoDbType.Null:
                writer.WriteBooleanValue(true);
                break;
            case DynamoDbType.M:
                WriteMap(writer, value.AsMap(), options);
                break;
            case DynamoDbType.L:
                WriteArray(writer, value.AsList(), item => Write(writer, item, options));
                break;
            case DynamoDbType.SS or DynamoDbType.NS:
                WriteArray(writer, (IReadOnlyList<string>)value.RawValue!, writer.WriteStringValue);
                break;
            case DynamoDbType.BS:
                WriteArray(writer, value.AsBinarySet(), item => writer.WriteBase64StringValue(item));
                break;
        }
        writer.WriteEndObject();
    }

    private DynamoDbValue ReadTagged(string? tag, ref Utf8JsonReader reader, JsonSerializerOptions options) => tag switch
    {
        "S" => DynamoDbValue.String(ReadString(ref reader)),
        "N" => DynamoDbValue.Number(ReadString(ref reader)),
        "B" => DynamoDbValue.Binary(ReadBase64(ref reader)),
        "BOOL" => DynamoDbValue.Bool(ReadBool(ref reader)),
        "NULL" => ReadBool(ref reader) ? DynamoDbValue.Null : throw new JsonException("NULL must be true."),
        "M" => DynamoDbValue.Map(ReadMap(ref reader, options)),
        "L" => DynamoDbValue.List(ReadList(ref reader, options)),
        "SS" => DynamoDbValue.StringSet(ReadStrings(ref reader)),
        "NS" => DynamoDbValue.NumberSet(ReadStrings(ref reader)),
        "BS" => DynamoDbValue.BinarySet(ReadBinaries(ref reader)),
        _ => throw new JsonException($"Unknown DynamoDB type tag '{tag}'."),
    };

    private Dictionary<string, DynamoDbValue> ReadMap(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var map = new Dictionary<string, DynamoDbValue>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            map[name] = Read(ref reader, typeof(DynamoDbValue), options);
        }
        return map;
    }

    private List<DynamoDbValue> ReadList(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<DynamoDbValue>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(Read(ref reader, typeof(DynamoDbValue), options));
        }
        return list;
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadString(ref reader));
        }
        return list;
    }

    private static List<byte[]> ReadBinaries(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var list = new List<byte[]>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadBase64(ref reader));
        }
        return list;
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    private static byte[] ReadBase64(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String);
        return reader.TryGetBytesFromBase64(out var bytes) ? bytes : throw new JsonException("B/BS values must be base64.");
    }

    private static bool ReadBool(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new JsonException($"Expected a boolean, found {reader.TokenType}."),
    };

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected)
    {
        if (reader.TokenType != expected)
        {
            throw new JsonException($"Expected {expected} in a DynamoDB attribute value, found {reader.TokenType}.");
        }
    }

    private void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, DynamoDbValue> map, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, item) in map)
        {
            writer.WritePropertyName(name);
            Write(writer, item, options);
        }
        writer.WriteEndObject();
    }

    private static void WriteArray<T>(Utf8JsonWriter writer, IReadOnlyList<T> items, Action<T> writeItem)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            writeItem(item);
        }
        writer.WriteEndArray();
    }
}
