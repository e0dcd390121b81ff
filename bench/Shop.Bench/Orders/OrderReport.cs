using static Shop.Bench.MarkdownTable;

namespace Shop.Bench.Orders;

internal static class OrderReport
{
    public static string Render(OrderFigures figures)
    {
        var rawRate = figures.Orders / figures.RawElapsed.TotalSeconds;
        var apiRate = (figures.Orders - figures.ApiRefused) / figures.ApiElapsed.TotalSeconds;
        var table = new MarkdownTable("what", "n", "concurrency", "per second", "vs baseline", "p50 ms", "p90 ms", "p99 ms", "max ms")
            .Row("raw TransactWriteItems, 3 conditional puts (baseline)", Integer(figures.Orders), Integer(figures.Concurrency), Number(rawRate),
                "1.0×", Number(figures.RawMillis.Median), Number(figures.RawMillis.Percentile(90)), Number(figures.RawMillis.Percentile(99)), Number(figures.RawMillis.Max))
            .Row("POST /orders through the edge and the Api", Integer(figures.Orders) + (figures.ApiRefused > 0 ? $" ({figures.ApiRefused} refused)" : ""),
                Integer(figures.Concurrency), Number(apiRate), Ratio(apiRate, rawRate),
                Number(figures.ApiMillis.Median), Number(figures.ApiMillis.Percentile(90)), Number(figures.ApiMillis.Percentile(99)), Number(figures.ApiMillis.Max));
        var refused = figures.ApiRefused == 0 ? "" : $"\nRefused requests: {figures.RefusedStatuses}\n";
        return "### Order placement\n\n" + table + "\n" + refused;
    }
}
