namespace Shop.Lambda.Observability;

/// <summary>
/// Writes whole lines to standard output synchronously. Lambda freezes the process once the
/// response is posted, so a record buffered on a background queue could surface an invocation late.
/// </summary>
public sealed class StdoutSink
{
    public static readonly StdoutSink Shared = new(Console.OpenStandardOutput());

    private readonly Stream _out;
    private readonly Lock _gate = new();

    public StdoutSink(Stream output) => _out = output;

    public void WriteLine(ReadOnlySpan<byte> utf8Json)
    {
        lock (_gate)
        {
            _out.Write(utf8Json);
            _out.WriteByte((byte)'\n');
            _out.Flush();
        }
    }
}
