namespace Shop.Core.Uploads;

/// <summary>One record of a file: its number (the header is 1), its bytes and where the next one starts.</summary>
public sealed record SourceRecord(long Number, long End, byte[] Bytes, bool TooLong);

/// <summary>
/// Splits a stream into records without holding more than one: a CSV record ends at a line feed
/// outside double quotes (so a quoted field may hold newlines), a JSON Lines record at any line
/// feed. It works on bytes, not characters, so <see cref="SourceRecord.End"/> is a byte offset a
/// later invocation can resume a ranged read at; every delimiter is ASCII, which no byte of a
/// multi-byte UTF-8 sequence can be mistaken for. A trailing CR is dropped; blank lines are skipped
/// (they still count, as a spreadsheet counts them); a record longer than the limit is returned
/// empty with <see cref="SourceRecord.TooLong"/>.
/// </summary>
public sealed class SourceRecords(Stream stream, long offset, long firstNumber, bool quotes, int maxRecordBytes)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _position;
    private int _length;
    private long _offset = offset;
    private long _number = firstNumber;
    private bool _end;

    /// <summary>The offset of the first byte not yet read into a record.</summary>
    public long Offset => _offset;

    public async ValueTask<SourceRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        var record = new MemoryStream();
        var tooLong = false;
        var quoted = false;
        var first = _offset == 0;
        while (true)
        {
            if (_position == _length)
            {
                if (_end || (_length = await stream.ReadAsync(_buffer, cancellationToken)) == 0)
                {
                    _end = true;
                    _length = _position = 0;
                    return record.Length == 0 && !tooLong ? null : Finish(record, tooLong);
                }
                _position = 0;
                if (first && _length >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
                {
                    _position = 3;
                    _offset = 3;
                }
                first = false;
            }
            var span = _buffer.AsSpan(_position, _length - _position);
            var taken = 0;
            var ended = false;
            for (; taken < span.Length; taken++)
            {
                var b = span[taken];
                if (quotes && b == (byte)'"')
                {
                    quoted = !quoted;
                }
                else if (b == (byte)'\n' && !quoted)
                {
                    ended = true;
                    break;
                }
            }
            var content = span[..taken];
            if (!tooLong && record.Length + content.Length <= maxRecordBytes)
            {
                record.Write(content);
            }
            else
            {
                tooLong = true;
            }
            _position += taken + (ended ? 1 : 0);
            _offset += taken + (ended ? 1 : 0);
            if (!ended)
            {
                continue;
            }
            if (record.Length == 0 || (record.Length == 1 && record.GetBuffer()[0] == (byte)'\r'))
            {
                if (!tooLong)
                {
                    _number++;
                    record.SetLength(0);
                    continue;
                }
            }
            return Finish(record, tooLong);
        }
    }

    private SourceRecord Finish(MemoryStream record, bool tooLong)
    {
        var bytes = tooLong ? [] : record.ToArray();
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }
        return new SourceRecord(_number++, _offset, bytes, tooLong);
    }
}
