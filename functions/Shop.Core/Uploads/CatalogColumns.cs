namespace Shop.Core.Uploads;

/// <summary>The columns of a catalog file (DESIGN §8), in CSV header order; JSON Lines uses the same names as fields.</summary>
public static class CatalogColumns
{
    public const string Sku = "sku";
    public const string Name = "name";
    public const string Price = "price";
    public const string Currency = "currency";
    public const string Stock = "stock";
    public const string Category = "category";
    public const string ProductId = "product_id";
    public const string Description = "description";
    public const string Brand = "brand";
    public const string Option1Name = "option1_name";
    public const string Option1Value = "option1_value";
    public const string Option2Name = "option2_name";
    public const string Option2Value = "option2_value";

    public static readonly IReadOnlyList<string> Required = [Sku, Name, Price, Currency, Stock, Category];

    public static readonly IReadOnlyList<string> All =
        [Sku, Name, Price, Currency, Stock, Category, ProductId, Description, Brand, Option1Name, Option1Value, Option2Name, Option2Value];

    public static int IndexOf(string column)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == column)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>Why a row was not imported: its number in the file (the header is row 1), the column at fault and the reason.</summary>
public sealed record RowError(long Row, string Column, string Reason);

/// <summary>A row's values by column (<see cref="CatalogColumns.All"/> order), or why it could not be read at all.</summary>
public sealed record SourceRow(long Number, string?[] Values, RowError? Error);

/// <summary>A row that passed every check, ready to upsert.</summary>
public sealed record CatalogRow(
    long Number,
    string Sku,
    string Name,
    Catalog.Money Price,
    int Stock,
    string CategoryId,
    string ProductKey,
    string Description,
    string Brand,
    IReadOnlyList<string> OptionNames,
    IReadOnlyDictionary<string, string> Options);
