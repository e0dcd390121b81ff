using static Shop.Bench.MarkdownTable;

namespace Shop.Bench.Uploads;

internal static class UploadReport
{
    public static string Render(UploadFigures figures)
    {
        var rawRate = figures.Rows / figures.RawElapsed.TotalSeconds;
        var importRate = figures.Rows / figures.ImportElapsed.TotalSeconds;
        var table = new MarkdownTable("what", "rows", "seconds", "rows per second", "vs baseline")
            .Row("raw BatchWriteItem, one put a row, 25 a request, 8 in flight (baseline)", Integer(figures.Rows), Number(figures.RawElapsed.TotalSeconds), Number(rawRate), "1.0×")
            .Row("bulk upload: PUT to the presigned URL until the upload is completed", Integer(figures.Rows), Number(figures.ImportElapsed.TotalSeconds), Number(importRate), Ratio(importRate, rawRate));
        var memory = figures.ImporterPeakBytes is { } peak ? $"{peak / (1024.0 * 1024.0):0.0} MiB" : "not found";
        return "### Bulk upload\n\n" + table +
            $"\nFile: {figures.FileBytes:N0} bytes; imported {figures.RowsImported:N0}, failed {figures.RowsFailed:N0}. " +
            $"Importer function ({figures.FunctionMode}) peak resident memory (VmHWM): {memory}. " +
            "The importer writes three items a row (a conditional SKU claim, the variant, the product once per product) and reads before it writes; the search indexer reads every new product off the stream meanwhile." +
            (figures.UnansweredPolls > 0 ? $" {figures.UnansweredPolls} status polls were not answered while the import ran and were repeated." : "") + "\n";
    }
}
