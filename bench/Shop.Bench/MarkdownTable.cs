using System.Globalization;
using System.Text;

namespace Shop.Bench;

/// <summary>A GitHub-flavoured markdown table, padded so it also reads in a terminal.</summary>
internal sealed class MarkdownTable(params string[] headings)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Row(params string[] cells)
    {
        if (cells.Length != headings.Length)
        {
            throw new ArgumentException($"A row needs {headings.Length} cells, got {cells.Length}.", nameof(cells));
        }
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var widths = headings.Select((heading, column) => _rows.Select(row => row[column].Length).Prepend(heading.Length).Max()).ToArray();
        var text = new StringBuilder();
        Line(text, headings, widths);
        Line(text, widths.Select(width => new string('-', width)).ToArray(), widths);
        foreach (var row in _rows)
        {
            Line(text, row, widths);
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var column = 0; column < cells.Length; column++)
        {
            text.Append(' ').Append(cells[column].PadRight(widths[column])).Append(" |");
        }
        text.AppendLine();
    }

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(double value, int decimals = 1) =>
        double.IsNaN(value) ? "—" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Ratio(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) || baseline <= 0
            ? "—"
            : (value / baseline).ToString("0.0#", CultureInfo.InvariantCulture) + "×";
}
