namespace Shop.Core.Catalog;

/// <summary>One purchasable form of a product (a SKU): its option values, its own price and the units available.</summary>
public sealed record Variant(
    string Sku,
    string ProductId,
    IReadOnlyDictionary<string, string> Options,
    Money Price,
    int Stock,
    DateTimeOffset UpdatedAt)
{
    public const int MaxStock = 1_000_000;
}

/// <summary>Who a SKU belongs to, as the catalog-wide SKU registry records it.</summary>
public sealed record SkuOwner(string Sku, string ProductId, string SellerId);
