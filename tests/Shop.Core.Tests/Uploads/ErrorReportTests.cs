using System.Text;
using Shop.Core.Uploads;

namespace Shop.Core.Tests.Uploads;

public sealed class ErrorReportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+1+1")]
    [InlineData("-2")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    public void PrefixesAnApostrophe_WhenACellCouldBeReadAsAFormula(string value) =>
        Assert.StartsWith("'", ErrorReport.Cell(value).TrimStart('"'), StringComparison.Ordinal);

    [Fact]
    public void QuotesAndOrdersByRow_WhenLinesAreWritten()
    {
        var text = Encoding.UTF8.GetString(ErrorReport.Lines([new RowError(9, "name", "Too long, \"really\""), new RowError(3, "sku", "=bad")]));

        Assert.Equal("3,sku,'=bad\r\n9,name,\"Too long, \"\"really\"\"\"\r\n", text);
    }
}
