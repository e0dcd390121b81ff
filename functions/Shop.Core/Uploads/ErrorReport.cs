using System.Globalization;
using System.Text;

namespace Shop.Core.Uploads;

/// <summary>
/// The error report: CSV with <c>row,column,reason</c>. Any cell a spreadsheet could take for a
/// formula (it begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) is
/// prefixed with an apostrophe, since a reason may quote what the seller's file held.
/// </summary>
public static class ErrorReport
{
    public static readonly byte[] Header = "row,column,reason\r\n"u8.ToArray();

    public static byte[] Lines(IEnumerable<RowError> errors)
    {
        var text = new StringBuilder();
        foreach (var error in errors.OrderBy(e => e.Row))
        {
            text.Append(error.Row.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Cell(error.Column)).Append(',')
                .Append(Cell(error.Reason)).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
