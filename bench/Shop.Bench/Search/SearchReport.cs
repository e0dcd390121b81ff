using System.Globalization;
using System.Text;
using static Shop.Bench.MarkdownTable;

namespace Shop.Bench.Search;

internal static class SearchReport
{
    /// <summary>The issue's target for every query class at 1,000,000 products.</summary>
    private const double TargetP99Ms = 50;

    public static string Render(SearchFigures figures)
    {
        var build = figures.Build;
        var buildRate = build.Products / build.Build.TotalSeconds;
        var floorRate = build.Products / build.Floor.TotalSeconds;
        var buildTable = new MarkdownTable("what", "time", "docs/s", "vs floor")
            .Row("floor: generate + serialize to JSON", Seconds(build.Floor), Count(floorRate), "1.0×")
            .Row("build: generate + upsert + refresh", Seconds(build.Build), Count(buildRate), Ratio(build.Build.TotalSeconds, build.Floor.TotalSeconds))
            .Row("  of which generate", Seconds(build.Generate), "", "")
            .Row($"  of which upsert ({Integer(build.Writers)} writers)", Seconds(build.Upsert), Count(build.Products / build.Upsert.TotalSeconds), "")
            .Row("  of which the final refresh", Seconds(build.Refresh), "", "")
            .Row("close (commit, waits for merges)", Seconds(build.Close), "", "");
        var diskTable = new MarkdownTable("when", "on disk", "segments (.si files)", "bytes per product", "vs JSON")
            .Row("after the refresh", Mib(build.AfterRefresh.Bytes), Integer(build.AfterRefresh.Segments), Count((double)build.AfterRefresh.Bytes / build.Products), Ratio(build.AfterRefresh.Bytes, build.JsonBytes))
            .Row("after close", Mib(build.AfterClose.Bytes), Integer(build.AfterClose.Segments), Count((double)build.AfterClose.Bytes / build.Products), Ratio(build.AfterClose.Bytes, build.JsonBytes));

        var baseline = figures.Classes.Single(c => c.Label == figures.Baseline).Millis.Median;
        var queries = new MarkdownTable("query class", "n", "matches p50", "p50", "p90", "p99", "max", "p50 vs baseline", "p99 vs baseline", $"p99 ≤ {Number(TargetP99Ms, 0)} ms", "example");
        foreach (var c in figures.Classes)
        {
            var ms = c.Millis;
            var label = c.Label == figures.Baseline ? c.Label + " (baseline)" : c.Label;
            queries.Row(label, Integer(ms.Count) + (c.StoppedAfter is null ? "" : " (stopped)"), Count(c.Matches.Median),
                Number(ms.Median), Number(ms.Percentile(90)), Number(ms.Percentile(99)), Number(ms.Max),
                Ratio(ms.Median, baseline), Ratio(ms.Percentile(99), baseline),
                ms.Count == 0 ? "—" : ms.Percentile(99) <= TargetP99Ms ? "yes" : "**no**", c.Example);
        }

        var gcTable = new MarkdownTable("query class", "queries paused by a GC", "paused in all", "longest pause in one query", "p99 of the query time");
        foreach (var c in figures.Classes)
        {
            gcTable.Row(c.Label, Integer(c.GcPauses.CountAbove(0)), $"{Number(c.GcPauses.Sum)} ms", $"{Number(c.GcPauses.Max)} ms", $"{Number(c.Millis.Percentile(99))} ms");
        }

        var memory = new MarkdownTable("when", "peak RSS (VmHWM)", "RSS", "of which anonymous", "of which files (mapped index)", "GC heap", "managed live after a full GC");
        foreach (var m in figures.Memory)
        {
            memory.Row(m.When, $"{Number(m.PeakRssMib)} MiB", $"{Number(m.RssMib)} MiB", $"{Number(m.AnonMib)} MiB", $"{Number(m.FileMib)} MiB",
                $"{Number(m.HeapMib)} MiB", $"{Number(m.LiveMib)} MiB");
        }

        var text = new StringBuilder()
            .AppendLine($"### Search: LuceneProductIndex at {Count(build.Products)} products")
            .AppendLine()
            .AppendLine($"Generated catalog: seed {figures.Seed.ToString(CultureInfo.InvariantCulture)}, fingerprint of the first 1,000 documents {build.Fingerprint}, " +
                $"{Mib(build.JsonBytes)} of JSON ({Count((double)build.JsonBytes / build.Products)} bytes per document).")
            .AppendLine()
            .Append(buildTable)
            .AppendLine()
            .AppendLine("The floor is the same documents generated on one thread and serialized to UTF-8 JSON (what the index stores as each document's source) " +
                "by as many threads as upsert; the index does both and analyses, inverts and writes them. Rate by tenth of the build (docs/s): " +
                string.Join(", ", build.RateByTenth.Select(Count)) + ".")
            .AppendLine()
            .Append(diskTable)
            .AppendLine()
            .AppendLine($"### Search: queries, limit {Integer(QueryMix.PageSize)}, facets as the engine computes them (ms)")
            .AppendLine()
            .Append(queries)
            .AppendLine()
            .AppendLine($"Classes take turns query by query; {Integer(SearchBench.WarmUps)} queries per class ran first and were discarded. " +
                $"The baseline is {figures.Baseline}: p50 {Number(baseline, 2)} ms in this run. Matches are the total a search reports (for suggest: completions returned). " +
                $"Percentiles are nearest-rank. A class stops once its queries have taken {SearchBench.ClassBudget.TotalMinutes:0} minutes in all.")
            .AppendLine();
        foreach (var c in figures.Classes.Where(c => c.StoppedAfter is not null))
        {
            text.AppendLine($"- {c.Label} was stopped after {Integer(c.Millis.Count)} timed queries ({c.StoppedAfter!.Value.TotalSeconds:F0} s of queries).");
        }
        var gc = figures.Gc;
        text.AppendLine()
            .AppendLine($"### Search: garbage collection during the timed queries ({(figures.Memory.FirstOrDefault()?.ServerGc == true ? "server" : "workstation")} GC)")
            .AppendLine()
            .Append(gcTable)
            .AppendLine()
            .AppendLine($"Collections: {Integer(gc.Gen0)} of generation 0, {Integer(gc.Gen1)} of generation 1, {Integer(gc.Gen2)} of generation 2; " +
                $"{Number(gc.Paused.TotalMilliseconds, 0)} ms paused in all. A pause is counted in a query when it fell within it.");
        text.AppendLine().AppendLine("The slowest timed query of each class:").AppendLine();
        foreach (var c in figures.Classes.Where(c => c.Slowest is not null))
        {
            var (shown, ms, found) = c.Slowest!.Value;
            text.AppendLine($"- {c.Label}: {shown}, {Number(ms)} ms, {Count(found)} matches");
        }
        return text
            .AppendLine()
            .AppendLine("### Search: the bench process's memory")
            .AppendLine()
            .Append(memory)
            .AppendLine()
            .AppendLine($"GC: {(figures.Memory.FirstOrDefault()?.ServerGc == true ? "server" : "workstation")}. The index is memory-mapped, so RSS counts the index pages read as file-backed memory; " +
                "they are the page cache, shared, and the kernel may drop them.")
            .ToString();
    }

    private static string Seconds(TimeSpan time) => $"{Number(time.TotalSeconds)} s";

    private static string Count(double value) => double.IsNaN(value) ? "—" : value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Mib(long bytes) => $"{Number(bytes / 1024.0 / 1024.0)} MiB";
}
