using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Shop.Lambda.AspNetCore;
using Shop.Lambda.Events;
using Shop.Lambda.Runtime;

namespace Shop.Bench.Bridge;

internal sealed record PathFigures(Distribution Micros, double BytesAllocatedPerRequest);

internal sealed record BridgeFigures(PathFigures Bridge, PathFigures Direct, int ResponseBodyBytes);

/// <summary>
/// The same request through the bridge (event bytes in, response bytes out) and straight into the
/// pipeline, in this process, each call timed on its own. The two paths alternate block by block
/// so that noise from the rest of the machine falls on both.
/// </summary>
internal sealed class BridgeBench(InProcessApi api, byte[] eventBytes, Action<string> progress)
{
    private const int Blocks = 20;
    private const int WarmUpPhases = 3;

    private readonly ILambdaHandler _bridge = api.Bridge;
    private readonly IDirectCall _direct = api.Direct;
    private readonly PlainRequest _request = PlainRequest.From(
        JsonSerializer.Deserialize(eventBytes, LambdaEventsJsonContext.Default.HttpApiRequest)
        ?? throw new InvalidOperationException("The event file holds null."));
    // Nothing on the measured route reads the deadline; an hour outlasts the run.
    private readonly LambdaContext _context = LambdaContext.ForLocalCall("bench", TimeSpan.FromHours(1));

    public async Task<BridgeFigures> RunAsync(int iterations, int warmUpIterations, CancellationToken cancellationToken)
    {
        var bodyBytes = await CheckBothAnswerAlikeAsync();

        // Tier-0 code is promoted after a quiet moment; the pauses give the tiering thread one.
        for (var phase = 0; phase < WarmUpPhases; phase++)
        {
            for (var i = 0; i < warmUpIterations / WarmUpPhases; i++)
            {
                await ViaBridgeAsync();
                await ViaDirectAsync();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
        }

        var perBlock = Math.Max(1, iterations / Blocks);
        var bridge = new Recorder(ViaBridgeAsync, perBlock * Blocks);
        var direct = new Recorder(ViaDirectAsync, perBlock * Blocks);
        for (var block = 0; block < Blocks; block++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (first, second) = block % 2 == 0 ? (bridge, direct) : (direct, bridge);
            await first.RecordAsync(perBlock);
            await second.RecordAsync(perBlock);
            if ((block + 1) % 5 == 0)
            {
                progress($"  {(block + 1) * perBlock}/{perBlock * Blocks} requests per path");
            }
        }
        return new BridgeFigures(bridge.Figures(), direct.Figures(), bodyBytes);
    }

    private async Task<int> ViaBridgeAsync()
    {
        var response = await _bridge.InvokeAsync(eventBytes, _context, CancellationToken.None);
        return response.Length;
    }

    private async Task<int> ViaDirectAsync()
    {
        var response = await _direct.SendAsync(_request);
        return response.Written.Length;
    }

    /// <summary>Both paths must produce the same answer, or the comparison means nothing.</summary>
    private async Task<int> CheckBothAnswerAlikeAsync()
    {
        var bridged = JsonSerializer.Deserialize(
            (await _bridge.InvokeAsync(eventBytes, _context, CancellationToken.None)).Span,
            LambdaEventsJsonContext.Default.HttpApiResponse)!;
        var bridgedBody = bridged.Body is null ? ""
            : bridged.IsBase64Encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(bridged.Body))
            : bridged.Body;
        var direct = await _direct.SendAsync(_request);
        var directBody = Encoding.UTF8.GetString(direct.Written);

        var bridgedType = bridged.Headers?.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value;
        if (bridged.StatusCode != 200 || direct.StatusCode != 200 || bridgedBody != directBody
            || bridgedType != direct.Headers.ContentType.ToString()
            || !direct.Headers.ContainsKey(CorrelationIds.HeaderName))
        {
            throw new MeasurementInvalidException(
                $"The two paths answer differently: bridge {bridged.StatusCode} ({bridgedType}, {bridgedBody.Length} chars), " +
                $"direct {direct.StatusCode} ({direct.Headers.ContentType}, {directBody.Length} chars, correlation id {(direct.Headers.ContainsKey(CorrelationIds.HeaderName) ? "set" : "missing")}).");
        }
        return direct.Written.Length;
    }

    private sealed class Recorder(Func<Task<int>> call, int capacity)
    {
        private readonly double[] _micros = new double[capacity];
        private int _count;
        private long _allocated;

        public async Task RecordAsync(int times)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < times; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await call();
                _micros[_count++] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
            _allocated += GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }

        public PathFigures Figures() => new(new Distribution(_micros.AsSpan(0, _count).ToArray()), (double)_allocated / _count);
    }
}
