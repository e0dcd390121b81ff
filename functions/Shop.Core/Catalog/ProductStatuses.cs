namespace Shop.Core.Catalog;

/// <summary>
/// A product's lifecycle: draft ⇄ active, either → archived, archived → draft. An archived product
/// is not relisted in one step: it goes back to draft first, so reviving it is a deliberate act
/// and its seller sees it as a draft (and can fix it) before the storefront does.
/// </summary>
public static class ProductStatuses
{
    public const string Draft = "draft";
    public const string Active = "active";
    public const string Archived = "archived";

    public static string ToText(ProductStatus status) => status switch
    {
        ProductStatus.Draft => Draft,
        ProductStatus.Active => Active,
        ProductStatus.Archived => Archived,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static ProductStatus? Parse(string? text) => text switch
    {
        Draft => ProductStatus.Draft,
        Active => ProductStatus.Active,
        Archived => ProductStatus.Archived,
        _ => null,
    };

    public static bool CanMove(ProductStatus from, ProductStatus to) =>
        from == to || (from, to) is not (ProductStatus.Archived, ProductStatus.Active);
}

public static class ProductSorts
{
    public const string Newest = "newest";
    public const string PriceAscending = "price_asc";
    public const string PriceDescending = "price_desc";

    public static ProductSort? Parse(string? text) => text switch
    {
        null or "" or Newest => ProductSort.Newest,
        PriceAscending => ProductSort.PriceAscending,
        PriceDescending => ProductSort.PriceDescending,
        _ => null,
    };
}
