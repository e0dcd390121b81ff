using System.Text;
using System.Text.Json;

namespace Shop.Core.Uploads;

/// <summary>The whole file is unusable (no header, unknown or missing columns): nothing in it is imported.</summary>
public sealed class CatalogFileException(string message) : Exception(message);

/// <summary>
/// Reads a catalog file's rows into column values: CSV (RFC 4180, with the header of DESIGN §8
/// naming the columns in any order) or JSON Lines (one object a line, the same names as fields).
/// Every value is decoded as strict UTF-8; a row that cannot be read becomes a row error naming the
/// column where that is known.
/// </summary>
public sealed class CatalogFile
{
    public const int MaxRecordBytes = 64 * 1024;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly int[]? _columns;

    private CatalogFile(UploadFormat format, int[]? columns, long dataStart)
    {
        Format = format;
        _columns = columns;
        DataStart = dataStart;
    }

    public UploadFormat Format { get; }

    /// <summary>The byte offset of the first data record.</summary>
    public long DataStart { get; }

    /// <summary>Reads what comes before the data: the CSV header (record 1); JSON Lines has none.</summary>
    public static async Task<CatalogFile> OpenAsync(UploadFormat format, Stream start, CancellationToken cancellationToken)
    {
        if (format == UploadFormat.Jsonl)
        {
            return new CatalogFile(format, null, 0);
        }
        var records = new SourceRecords(start, 0, 1, quotes: true, MaxRecordBytes);
        var header = await records.ReadAsync(cancellationToken)
            ?? throw new CatalogFileException($"The file is empty: the first line must be the header ({string.Join(",", CatalogColumns.Required)}, ...).");
        if (header.Number != 1 || header.TooLong)
        {
            throw new CatalogFileException("The first line must be the header.");
        }
        var names = new List<string?>();
        if (SplitCsv(header.Bytes, names) is { } bad)
        {
            throw new CatalogFileException($"The header cannot be read: {bad.Reason}");
        }
        var columns = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var name = (names[i] ?? "").Trim().ToLowerInvariant();
            columns[i] = CatalogColumns.IndexOf(name);
            if (columns[i] < 0)
            {
                throw new CatalogFileException($"The header names an unknown column '{Safe(name)}'; the columns are {string.Join(", ", CatalogColumns.All)}.");
            }
            if (columns.Take(i).Contains(columns[i]))
            {
                throw new CatalogFileException($"The header names the column '{name}' twice.");
            }
        }
        var missing = CatalogColumns.Required.Where(r => !columns.Contains(CatalogColumns.IndexOf(r))).ToList();
        return missing.Count > 0
            ? throw new CatalogFileException($"The header lacks the required column(s) {string.Join(", ", missing)}.")
            : new CatalogFile(format, columns, header.End);
    }

    public SourceRecords Records(Stream stream, long offset, long firstNumber) =>
        new(stream, offset, firstNumber, quotes: Format == UploadFormat.Csv, MaxRecordBytes);

    public SourceRow Read(SourceRecord record)
    {
        var values = new string?[CatalogColumns.All.Count];
        if (record.TooLong)
        {
            return new SourceRow(record.Number, values, new RowError(record.Number, "*", $"The row is longer than {MaxRecordBytes} bytes."));
        }
        return new SourceRow(record.Number, values, Format == UploadFormat.Csv ? ReadCsv(record, values) : ReadJson(record, values));
    }

    private RowError? ReadCsv(SourceRecord record, string?[] values)
    {
        var fields = new List<string?>();
        if (SplitCsv(record.Bytes, fields) is { } bad)
        {
            var column = bad.Field < _columns!.Length ? CatalogColumns.All[_columns[bad.Field]] : "*";
            return new RowError(record.Number, column, bad.Reason);
        }
        if (fields.Count != _columns!.Length)
        {
            return new RowError(record.Number, "*", $"The row has {fields.Count} fields; the header has {_columns.Length}.");
        }
        for (var i = 0; i < fields.Count; i++)
        {
            values[_columns[i]] = fields[i];
        }
        return null;
    }

    private static RowError? ReadJson(SourceRecord record, string?[] values)
    {
        string? column = null;
        try
        {
            var reader = new Utf8JsonReader(record.Bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return new RowError(record.Number, "*", "The line must be one JSON object.");
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                column = reader.GetString()!;
                var index = CatalogColumns.IndexOf(column);
                if (index < 0)
                {
                    return new RowError(record.Number, Safe(column), $"Unknown field; the fields are {string.Join(", ", CatalogColumns.All)}.");
                }
                reader.Read();
                values[index] = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    JsonTokenType.Null => null,
                    _ => throw new FormatException("Must be a string or a number."),
                };
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return new RowError(record.Number, "*", "The line must be one JSON object.");
            }
            return null;
        }
        catch (FormatException error)
        {
            return new RowError(record.Number, column ?? "*", error.Message);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            return new RowError(record.Number, column ?? "*", "Not valid JSON in UTF-8.");
        }
    }

    /// <summary>RFC 4180 fields of one record; the first field that breaks the rules, by index, with why.</summary>
    private static (int Field, string Reason)? SplitCsv(ReadOnlySpan<byte> record, List<string?> fields)
    {
        var position = 0;
        var buffer = new List<byte>();
        while (true)
        {
            var index = fields.Count;
            buffer.Clear();
            if (position < record.Length && record[position] == (byte)'"')
            {
                position++;
                while (true)
                {
                    if (position >= record.Length)
                    {
                        return (index, "A quoted value is not closed.");
                    }
                    var b = record[position++];
                    if (b != (byte)'"')
                    {
                        buffer.Add(b);
                    }
                    else if (position < record.Length && record[position] == (byte)'"')
                    {
                        buffer.Add(b);
                        position++;
                    }
                    else
                    {
                        break;
                    }
                }
                if (position < record.Length && record[position] != (byte)',')
                {
                    return (index, "Text follows a closing quote; double a quote inside a quoted value (\"\").");
                }
            }
            else
            {
                var end = record[position..].IndexOf((byte)',');
                var raw = end < 0 ? record[position..] : record[position..(position + end)];
                if (raw.Contains((byte)'"'))
                {
                    return (index, "A value with a quote must be quoted as a whole.");
                }
                buffer.AddRange(raw);
                position += raw.Length;
            }
            try
            {
                fields.Add(Strict.GetString(buffer.ToArray()));
            }
            catch (DecoderFallbackException)
            {
                return (index, "Not valid UTF-8.");
            }
            if (position >= record.Length)
            {
                return null;
            }
            position++; // the comma
        }
    }

    /// <summary>A name from the file, cut short, for a message.</summary>
    private static string Safe(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
