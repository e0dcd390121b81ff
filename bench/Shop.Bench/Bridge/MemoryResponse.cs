using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Shop.Bench.Bridge;

/// <summary>
/// The least a server must give the pipeline to take a response: status, headers, a body buffer,
/// and OnStarting callbacks run when the response starts (the correlation id is set in one), so the
/// direct path does the same work the app does under the bridge or Kestrel.
/// </summary>
internal sealed class MemoryResponse : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly MemoryStream _body = new();
    private readonly Stack<(Func<object, Task> Callback, object State)> _onStarting = new();
    private PipeWriter? _writer;

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body
    {
        get => _body;
        set => throw new NotSupportedException("The bench's response body cannot be replaced.");
    }

    public bool HasStarted { get; private set; }

    public ReadOnlySpan<byte> Written => _body.GetBuffer().AsSpan(0, (int)_body.Length);

    Stream IHttpResponseBodyFeature.Stream => _body;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_body, new StreamPipeWriterOptions(leaveOpen: true));

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Push((callback, state));

    // Nothing in the measured request registers one; a server would run them after the response.
    public void OnCompleted(Func<object, Task> callback, object state) { }

    public void DisableBuffering() { }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }
        while (_onStarting.TryPop(out var starting))
        {
            await starting.Callback(starting.State);
        }
        HasStarted = true;
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(_body, path, offset, count, cancellationToken);

    public async Task CompleteAsync()
    {
        await StartAsync();
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }
}
