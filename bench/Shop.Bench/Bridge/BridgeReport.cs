using System.Text;
using static Shop.Bench.MarkdownTable;

namespace Shop.Bench.Bridge;

internal static class BridgeReport
{
    public static string Render(BridgeFigures figures)
    {
        var table = new MarkdownTable("path", "n", "p50", "p90", "p99", "mean", "allocated per request");
        Row(table, "bridge: event bytes → HttpApiBridge → pipeline → response bytes", figures.Bridge);
        Row(table, "direct: plain features → the same pipeline", figures.Direct);

        var bridge = figures.Bridge.Micros;
        var direct = figures.Direct.Micros;
        return new StringBuilder()
            .AppendLine("### Bridge overhead: GET /docs in-process, after warm-up (µs)")
            .AppendLine()
            .Append(table)
            .AppendLine()
            .AppendLine($"Overhead: p50 {Ratio(bridge.Median, direct.Median)} (+{Number(bridge.Median - direct.Median)} µs), " +
                $"p99 {Ratio(bridge.Percentile(99), direct.Percentile(99))} (+{Number(bridge.Percentile(99) - direct.Percentile(99))} µs); " +
                $"allocations {Ratio(figures.Bridge.BytesAllocatedPerRequest, figures.Direct.BytesAllocatedPerRequest)}. " +
                $"Response body: {Integer(figures.ResponseBodyBytes)} bytes.")
            .ToString();
    }

    private static void Row(MarkdownTable table, string label, PathFigures figures) =>
        table.Row(label, Integer(figures.Micros.Count), Number(figures.Micros.Median), Number(figures.Micros.Percentile(90)),
            Number(figures.Micros.Percentile(99)), Number(figures.Micros.Mean), $"{Number(figures.BytesAllocatedPerRequest, 0)} B");
}
