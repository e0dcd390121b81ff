using System.Text;
using Shop.Core.Uploads;
using static Shop.Core.Tests.Builders.CatalogFileBuilder;

namespace Shop.Core.Tests.Uploads;

public sealed class CatalogFileTests
{
    private static async Task<List<SourceRow>> ReadAllAsync(byte[] bytes, UploadFormat format = UploadFormat.Csv)
    {
        var file = await CatalogFile.OpenAsync(format, new MemoryStream(bytes), CancellationToken.None);
        var records = file.Records(new MemoryStream(bytes[(int)file.DataStart..]), file.DataStart, format == UploadFormat.Csv ? 2 : 1);
        var rows = new List<SourceRow>();
        while (await records.ReadAsync(CancellationToken.None) is { } record)
        {
            rows.Add(file.Read(record));
        }
        return rows;
    }

    private static string? Value(SourceRow row, string column) => row.Values[CatalogColumns.IndexOf(column)];

    [Fact]
    public async Task KeepsNewlinesInsideAValue_WhenTheValueIsQuoted()
    {
        var bytes = ACatalogFile().WithLine("LAMP-1,\"Desk lamp\r\nwith a \"\"brass\"\" foot\",19.99,EUR,5,lighting,,Lumen,,").WithRow("LAMP-2").Build();

        var rows = await ReadAllAsync(bytes);

        Assert.Equal(2, rows.Count);
        Assert.Equal("Desk lamp\r\nwith a \"brass\" foot", Value(rows[0], CatalogColumns.Name));
        Assert.Equal((2L, 3L), (rows[0].Number, rows[1].Number));
        Assert.Null(rows[0].Error);
    }

    [Fact]
    public async Task NamesTheColumn_WhenAValueIsNotUtf8()
    {
        var good = ACatalogFile().Build();
        byte[] bad = [.. good, .. "LAMP-1,Desk "u8, 0xC3, 0x28, .. " lamp,19.99,EUR,5,lighting,,Lumen,,\r\n"u8];

        var row = Assert.Single(await ReadAllAsync(bad));

        Assert.Equal(new RowError(2, CatalogColumns.Name, "Not valid UTF-8."), row.Error);
    }

    [Fact]
    public async Task RefusesTheFile_WhenItIsEmpty()
    {
        var error = await Assert.ThrowsAsync<CatalogFileException>(() => CatalogFile.OpenAsync(UploadFormat.Csv, new MemoryStream(), CancellationToken.None));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NamesTheMissingColumn_WhenTheHeaderLacksARequiredOne()
    {
        var error = await Assert.ThrowsAsync<CatalogFileException>(() =>
            CatalogFile.OpenAsync(UploadFormat.Csv, new MemoryStream("sku,name,price,currency,category\n"u8.ToArray()), CancellationToken.None));

        Assert.Contains("stock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesTheFile_WhenTheHeaderNamesAnUnknownColumn()
    {
        var error = await Assert.ThrowsAsync<CatalogFileException>(() =>
            CatalogFile.OpenAsync(UploadFormat.Csv, new MemoryStream("sku,name,price,currency,stock,category,image_url\n"u8.ToArray()), CancellationToken.None));

        Assert.Contains("image_url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumesWithTheNextRow_WhenReadFromARecordsEndOffset()
    {
        var bytes = ACatalogFile().WithRow("A-1").WithLine("A-2,\"two\nlines\",1,EUR,1,lighting,,,,").WithRow("A-3").Build();
        var file = await CatalogFile.OpenAsync(UploadFormat.Csv, new MemoryStream(bytes), CancellationToken.None);
        var first = file.Records(new MemoryStream(bytes[(int)file.DataStart..]), file.DataStart, 2);
        await first.ReadAsync(CancellationToken.None);
        var second = (await first.ReadAsync(CancellationToken.None))!;

        var resumed = file.Records(new MemoryStream(bytes[(int)second.End..]), second.End, second.Number + 1);
        var next = file.Read((await resumed.ReadAsync(CancellationToken.None))!);

        Assert.Equal((4L, "A-3"), (next.Number, Value(next, CatalogColumns.Sku)));
        Assert.Null(await resumed.ReadAsync(CancellationToken.None));
        Assert.Equal(bytes.Length, resumed.Offset);
    }

    [Fact]
    public async Task ReadsTheSameFields_WhenTheFileIsJsonLines()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"sku\":\"J-1\",\"name\":\"Mug\",\"price\":7.5,\"currency\":\"EUR\",\"stock\":3,\"category\":\"kitchen\"}\n{\"sku\":\"J-2\",\"colour\":\"red\"}\n");

        var rows = await ReadAllAsync(bytes, UploadFormat.Jsonl);

        Assert.Equal(("J-1", "7.5", "3"), (Value(rows[0], CatalogColumns.Sku), Value(rows[0], CatalogColumns.Price), Value(rows[0], CatalogColumns.Stock)));
        Assert.Equal("colour", rows[1].Error?.Column);
    }
}
