using System.Text;
using static Shop.Bench.MarkdownTable;

namespace Shop.Bench.ColdStarts;

internal static class ColdStartReport
{
    public static string Render(IReadOnlyDictionary<string, List<ColdStart>> results, string baselineLabel)
    {
        var baseline = Summary.Of(results[baselineLabel]);

        var total = new MarkdownTable("function", "n", "failed", "min", "p50", "p90", "p99", "max", "p50 vs baseline p50");
        var phases = new MarkdownTable("function", "init p50 (start → first /next)", "first invoke p50 (/next → result)",
            "CPU p50 (user+sys)", "peak RSS median", "RSS vs baseline");
        foreach (var (label, starts) in results)
        {
            var s = Summary.Of(starts);
            total.Row(label, Integer(s.Total.Count), Integer(s.Failed),
                Number(s.Total.Min), Number(s.Total.Median), Number(s.Total.Percentile(90)), Number(s.Total.Percentile(99)), Number(s.Total.Max),
                Ratio(s.Total.Median, baseline.Total.Median));
            phases.Row(label, $"{Number(s.Init.Median)} ms", $"{Number(s.FirstInvoke.Median)} ms", $"{Number(s.Cpu.Median, 0)} ms",
                $"{Number(s.PeakRss.Median)} MiB", Ratio(s.PeakRss.Median, baseline.PeakRss.Median));
        }

        return new StringBuilder()
            .AppendLine("### Cold start: process start → first response (ms)")
            .AppendLine()
            .Append(total)
            .AppendLine()
            .AppendLine($"The baseline is the {baselineLabel}: p50 {Number(baseline.Total.Median)} ms in this run. " +
                "Percentiles are nearest-rank, so p99 of fewer than 100 starts is the max.")
            .AppendLine()
            .AppendLine("### Where the time and memory go")
            .AppendLine()
            .Append(phases)
            .AppendLine()
            .AppendLine("CPU time is /proc's utime+stime at the first response, in 10 ms ticks. Peak RSS is VmHWM at the first response.")
            .ToString();
    }

    private sealed record Summary(Distribution Total, Distribution Init, Distribution FirstInvoke, Distribution Cpu, Distribution PeakRss, int Failed)
    {
        public static Summary Of(IReadOnlyCollection<ColdStart> starts)
        {
            var ok = starts.Where(s => s.Succeeded).ToList();
            return new Summary(
                new Distribution(ok.Select(s => s.TotalMs)),
                new Distribution(ok.Where(s => s.InitMs is not null).Select(s => s.InitMs!.Value)),
                new Distribution(ok.Where(s => s.InitMs is not null).Select(s => s.TotalMs - s.InitMs!.Value)),
                new Distribution(ok.Where(s => s.Process is not null).Select(s => s.Process!.CpuMs)),
                new Distribution(ok.Where(s => s.Process is not null).Select(s => s.Process!.PeakRssMib)),
                starts.Count - ok.Count);
        }
    }
}
