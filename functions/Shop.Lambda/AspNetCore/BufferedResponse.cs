using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Shop.Lambda.AspNetCore;

/// <summary>
/// The response side of one bridged request: the status, headers and body the app writes, kept in
/// memory because Lambda returns the response whole. "Started" follows Kestrel's rules (first write
/// or flush, or the end of the request): OnStarting callbacks run then, and status and headers
/// become read-only after it, so an app that works here does not break on Kestrel.
/// </summary>
internal sealed class BufferedResponse : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly MemoryStream _buffer = new();
    private readonly Stream _stream;
    private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onCompleted = new();
    private PipeWriter? _writer;
    private int _statusCode = StatusCodes.Status200OK;
    private bool _starting;

    public BufferedResponse()
    {
        _stream = new StartingStream(this, _buffer);
        Body = _stream;
    }

    public int StatusCode
    {
        get => _statusCode;
        set
        {
            ThrowIfStarted(nameof(StatusCode));
            _statusCode = value;
        }
    }

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body { get; set; }

    public bool HasStarted { get; private set; }

    public ArraySegment<byte> Written => _buffer.TryGetBuffer(out var written) ? written : _buffer.ToArray();

    Stream IHttpResponseBodyFeature.Stream => _stream;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

    public void OnStarting(Func<object, Task> callback, object state)
    {
        ThrowIfStarted(nameof(OnStarting));
        _onStarting.Push((callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Push((callback, state));

    public void DisableBuffering() { }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted || _starting)
        {
            return;
        }
        _starting = true;
        // Last registered runs first, as in Kestrel: outer middleware sees inner middleware's changes.
        while (_onStarting.TryPop(out var entry))
        {
            await entry.Callback(entry.State);
        }
        HasStarted = true;
        if (Headers is HeaderDictionary headers)
        {
            headers.IsReadOnly = true;
        }
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(_stream, path, offset, count, cancellationToken);

    /// <summary>Ends a successful request: starts the response if nothing did, and flushes what the pipe writer holds.</summary>
    public async Task CompleteAsync()
    {
        await StartAsync();
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }

    /// <summary>Replaces whatever the app produced with Kestrel's answer to an unhandled exception: a bare 500.</summary>
    public void ResetToServerError()
    {
        _statusCode = StatusCodes.Status500InternalServerError;
        ReasonPhrase = null;
        Headers = new HeaderDictionary { ContentLength = 0 };
        _buffer.SetLength(0);
        HasStarted = true;
    }

    /// <summary>Runs OnCompleted callbacks, last registered first; one failing does not stop the others.</summary>
    public async Task FireOnCompletedAsync(ILogger log)
    {
        while (_onCompleted.TryPop(out var entry))
        {
            try
            {
                await entry.Callback(entry.State);
            }
            catch (Exception error)
            {
                log.LogError(error, "An OnCompleted callback failed: {Reason}", error.Message);
            }
        }
    }

    private void ThrowIfStarted(string member)
    {
        if (HasStarted)
        {
            throw new InvalidOperationException($"{member} cannot be set because the response has already started.");
        }
    }

    /// <summary>Starts the response on the first write or flush, the moment Kestrel would send the headers.</summary>
    private sealed class StartingStream(BufferedResponse owner, MemoryStream buffer) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> bytes)
        {
            owner.StartAsync().GetAwaiter().GetResult();
            buffer.Write(bytes);
        }

        public override Task WriteAsync(byte[] bytes, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(bytes.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
        {
            await owner.StartAsync(cancellationToken);
            buffer.Write(bytes.Span);
        }

        public override void Flush() => owner.StartAsync().GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => owner.StartAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
