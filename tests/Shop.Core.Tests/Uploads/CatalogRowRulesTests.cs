using Shop.Core.Catalog;
using Shop.Core.Uploads;

namespace Shop.Core.Tests.Uploads;

public sealed class CatalogRowRulesTests
{
    private static SourceRow Row(params (string Column, string Value)[] values)
    {
        var row = new string?[CatalogColumns.All.Count];
        foreach (var (column, value) in new[] { ("sku", "LAMP-1"), ("name", "Desk lamp"), ("price", "19.99"), ("currency", "EUR"), ("stock", "5"), ("category", "lighting") }.Concat(values))
        {
            row[CatalogColumns.IndexOf(column)] = value;
        }
        return new SourceRow(7, row, null);
    }

    private static bool Known(string category) => category == "lighting";

    [Fact]
    public void ConvertsThePriceToMinorUnits_WhenTheRowIsValid()
    {
        var (row, errors) = CatalogRowRules.Check(Row(("price", "19.9"), ("option1_name", "colour"), ("option1_value", "brass")), Known);

        Assert.Empty(errors);
        Assert.Equal(new Money(1990, "EUR"), row!.Price);
        Assert.Equal("LAMP-1", row.ProductKey);
        Assert.Equal("brass", row.Options["colour"]);
    }

    [Fact]
    public void NamesEveryBadColumn_WhenSeveralValuesAreWrong()
    {
        var (row, errors) = CatalogRowRules.Check(Row(("sku", "bad sku!"), ("price", "19.999"), ("currency", "eur"), ("stock", "-1"), ("category", "nowhere")), Known);

        Assert.Null(row);
        Assert.Equal(["sku", "price", "currency", "stock", "category"], errors.Select(e => e.Column));
        Assert.All(errors, e => Assert.Equal(7, e.Row));
    }

    [Fact]
    public void RefusesTheSecondOption_WhenTheFirstIsMissing()
    {
        var (_, errors) = CatalogRowRules.Check(Row(("option2_name", "size"), ("option2_value", "M")), Known);

        Assert.Equal("option2_name", Assert.Single(errors).Column);
    }
}
