using System.Globalization;
using System.Text.RegularExpressions;
using Shop.Core.Catalog;

namespace Shop.Core.Uploads;

/// <summary>
/// A row's checks, each failure naming its column. The rules are the catalog's own
/// (<see cref="ProductRules"/>); a price is in major units with at most two decimals (<c>19.99</c>).
/// </summary>
public static partial class CatalogRowRules
{
    [GeneratedRegex(@"^\d{1,9}(\.\d{1,2})?$")]
    private static partial Regex PricePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ProductKeyPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    /// <summary>The row as a <see cref="CatalogRow"/>, or every reason it is not one.</summary>
    public static (CatalogRow? Row, IReadOnlyList<RowError> Errors) Check(SourceRow source, Func<string, bool> categoryExists)
    {
        if (source.Error is { } unreadable)
        {
            return (null, [unreadable]);
        }
        var errors = new List<RowError>();
        void Fail(string column, string reason) => errors.Add(new RowError(source.Number, column, reason));
        string? Value(string column) => source.Values[CatalogColumns.IndexOf(column)] is { } v ? v.Trim() : null;
        string? Present(string column) => Value(column) is { Length: > 0 } v ? v : null;

        var sku = Present(CatalogColumns.Sku);
        if (!ProductRules.IsSku(sku))
        {
            Fail(CatalogColumns.Sku, "Must be 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        var name = Present(CatalogColumns.Name);
        if (name is null || name.Length > ProductRules.MaxNameLength)
        {
            Fail(CatalogColumns.Name, $"Must be 1 to {ProductRules.MaxNameLength} characters.");
        }
        var price = Present(CatalogColumns.Price);
        long amount = 0;
        if (price is null || !PricePattern().IsMatch(price) || (amount = MinorUnits(price)) > Money.MaxAmount)
        {
            Fail(CatalogColumns.Price, $"Must be a price in major units with at most two decimals, such as 19.99, from 0 to {Money.MaxAmount / 100}.");
        }
        var currency = Present(CatalogColumns.Currency);
        if (currency is null || !CurrencyPattern().IsMatch(currency))
        {
            Fail(CatalogColumns.Currency, "Must be an ISO 4217 code in capitals, such as EUR.");
        }
        var stockText = Present(CatalogColumns.Stock);
        if (!int.TryParse(stockText, NumberStyles.None, CultureInfo.InvariantCulture, out var stock) || stock > Variant.MaxStock)
        {
            Fail(CatalogColumns.Stock, $"Must be a whole number from 0 to {Variant.MaxStock}.");
        }
        var category = Present(CatalogColumns.Category);
        if (category is null)
        {
            Fail(CatalogColumns.Category, "Is required.");
        }
        else if (!categoryExists(category))
        {
            Fail(CatalogColumns.Category, "No category has this id.");
        }
        var productKey = Present(CatalogColumns.ProductId);
        if (productKey is not null && !ProductKeyPattern().IsMatch(productKey))
        {
            Fail(CatalogColumns.ProductId, "Must be 1 to 64 letters, digits, '.', '_' or '-'.");
        }
        var description = Value(CatalogColumns.Description) ?? "";
        if (description.Length > ProductRules.MaxDescriptionLength)
        {
            Fail(CatalogColumns.Description, $"Must be at most {ProductRules.MaxDescriptionLength} characters.");
        }
        var brand = Value(CatalogColumns.Brand) ?? "";
        if (brand.Length > ProductRules.MaxBrandLength)
        {
            Fail(CatalogColumns.Brand, $"Must be at most {ProductRules.MaxBrandLength} characters.");
        }
        var (optionNames, options) = CheckOptions(Present, Fail);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new CatalogRow(source.Number, sku!, name!, new Money(amount, currency!), stock, category!, productKey ?? sku!, description, brand, optionNames, options), []);
    }

    private static (List<string> Names, Dictionary<string, string> Values) CheckOptions(Func<string, string?> present, Action<string, string> fail)
    {
        var names = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (nameColumn, valueColumn) in new[] { (CatalogColumns.Option1Name, CatalogColumns.Option1Value), (CatalogColumns.Option2Name, CatalogColumns.Option2Value) })
        {
            var name = present(nameColumn);
            var value = present(valueColumn);
            if (name is null && value is null)
            {
                continue;
            }
            if (name is null || name.Length > ProductRules.MaxOptionLength)
            {
                fail(nameColumn, $"Must be 1 to {ProductRules.MaxOptionLength} characters when {valueColumn} is given.");
                continue;
            }
            if (value is null || value.Length > ProductRules.MaxOptionLength)
            {
                fail(valueColumn, $"Must be 1 to {ProductRules.MaxOptionLength} characters when {nameColumn} is given.");
                continue;
            }
            if (nameColumn == CatalogColumns.Option2Name && names.Count == 0)
            {
                fail(nameColumn, $"Is given without {CatalogColumns.Option1Name}.");
                continue;
            }
            if (values.ContainsKey(name))
            {
                fail(nameColumn, "Names the same option twice.");
                continue;
            }
            names.Add(name);
            values[name] = value;
        }
        return (names, values);
    }

    private static long MinorUnits(string price)
    {
        var dot = price.IndexOf('.');
        var whole = long.Parse(dot < 0 ? price : price[..dot], CultureInfo.InvariantCulture);
        var fraction = dot < 0 ? 0 : long.Parse(price[(dot + 1)..].PadRight(2, '0'), CultureInfo.InvariantCulture);
        return (whole * 100) + fraction;
    }
}
