using System.Diagnostics;
using Shop.Local;
using Shop.Local.Functions;

namespace Shop.Bench.ColdStarts;

/// <summary>One cold start: a fresh process taking its first invocation.</summary>
internal sealed record ColdStart(string Label, double TotalMs, double? InitMs, ProcessSample? Process, string? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>
/// Cold starts through Shop.Local's Runtime API: each is a new FunctionHost (a fresh process of the
/// function binary) invoked once, timed from just before the process starts to the invocation's
/// result, then stopped. Targets take turns so that whatever else the machine is doing falls on
/// all of them alike.
/// </summary>
internal sealed class ColdStartBench(RuntimeApiServer server, LocalPaths paths, Action<string> progress)
{
    /// <summary>A start that has not answered by then counts as failed; the bench goes on.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const int MemoryMb = 512;

    private readonly Action<string> _functionLog = paths.LogWriter("functions");
    private int _sequence;

    public async Task<IReadOnlyDictionary<string, List<ColdStart>>> RunAsync(
        IReadOnlyList<ColdStartTarget> targets, ReadOnlyMemory<byte> payload, int warmUps, int coldStarts, CancellationToken cancellationToken)
    {
        var binaries = new Dictionary<FunctionMode, FunctionBinaries>
        {
            [FunctionMode.Aot] = new(paths, FunctionMode.Aot),
            [FunctionMode.Jit] = new(paths, FunctionMode.Jit),
        };
        foreach (var target in targets)
        {
            // Fails now, with the command that builds it, rather than as one failed invocation per start.
            binaries[target.Mode].CommandFor(target.Project);
        }

        var results = targets.ToDictionary(t => t.Label, _ => new List<ColdStart>(), StringComparer.Ordinal);
        for (var round = -warmUps; round < coldStarts; round++)
        {
            foreach (var target in targets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = await MeasureAsync(target, binaries[target.Mode], payload);
                if (round >= 0)
                {
                    results[target.Label].Add(start);
                }
                if (start.Problem is { } problem)
                {
                    progress($"  {target.Label}: {problem} (function output in {paths.LogFile("functions")})");
                }
            }
            if (round >= 0 && (round + 1) % 10 == 0)
            {
                progress($"  {round + 1}/{coldStarts} rounds");
            }
        }
        return results;
    }

    private async Task<ColdStart> MeasureAsync(ColdStartTarget target, FunctionBinaries binaries, ReadOnlyMemory<byte> payload)
    {
        var name = $"bench-{Interlocked.Increment(ref _sequence)}";
        var definition = new FunctionDefinition(name, target.Project, target.Handler, target.Environment, Timeout, MemoryMb);
        var host = new FunctionHost(definition, binaries, server.Address, new Dictionary<string, string>(), maxConcurrency: 1,
            line => _functionLog($"[{target.Label}] {line}"));
        server.Functions.Add(host);
        try
        {
            // Leftovers of the previous start are collected here, not during the next one.
            GC.Collect();
            GC.WaitForPendingFinalizers();

            // InvokeAsync queues the event and starts the process before its first await.
            var started = Stopwatch.GetTimestamp();
            InvocationResult result;
            try
            {
                result = await host.InvokeAsync(payload).WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                return new ColdStart(target.Label, double.NaN, null, null, $"no answer within {Timeout.TotalSeconds:0} s");
            }
            var answered = Stopwatch.GetTimestamp();

            // Read while the process still runs: it is back in its long-poll for the next event.
            var process = ProcessProbe.NewestChild();
            var firstNext = server.FirstNextOf(name);
            var initMs = firstNext is { } at ? Stopwatch.GetElapsedTime(started, at).TotalMilliseconds : (double?)null;
            var problem = target.FindProblem(result)
                ?? (host.ColdStarts == 1 ? null : $"{host.ColdStarts} processes were started for one invocation");
            return new ColdStart(target.Label, Stopwatch.GetElapsedTime(started, answered).TotalMilliseconds, initMs, process, problem);
        }
        finally
        {
            await server.Functions.RemoveAsync(name);
        }
    }
}
