namespace Shop.Core.Catalog;

public enum ProductStatus
{
    /// <summary>Being prepared: only its seller sees it.</summary>
    Draft,

    /// <summary>Listed: the storefront shows it.</summary>
    Active,

    /// <summary>Withdrawn for good: read-only, until its seller takes it back to draft.</summary>
    Archived,
}

/// <summary>An uploaded (or being uploaded) picture of a product; <see cref="Key"/> is its object key in the images bucket.</summary>
public sealed record ProductImage(string Id, string Key);

/// <summary>The reviews' running totals, kept on the product so a read needs no aggregation.</summary>
public sealed record Rating(int Count, long Total)
{
    public static readonly Rating None = new(0, 0);

    public double? Average => Count == 0 ? null : Math.Round((double)Total / Count, 2);
}

/// <summary>
/// A product as its seller defines it, with its variants. <see cref="Version"/> grows with every
/// change to the product or its variants (stock aside), and every write is conditional on it.
/// Variants are in SKU order, the order the table keeps them in.
/// </summary>
public sealed record Product(
    string Id,
    string SellerId,
    string Name,
    string Brand,
    string Description,
    string CategoryId,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string> Options,
    IReadOnlyList<ProductImage> Images,
    ProductStatus Status,
    Rating Rating,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    IReadOnlyList<Variant> Variants)
{
    public const int MaxVariants = 100;
    public const int MaxImages = 10;

    /// <summary>The cheapest variant's price: what listings show and sort by. Every variant of a product has the same currency.</summary>
    public Money MinPrice => Variants.Count == 0
        ? new Money(0, "")
        : Variants.MinBy(v => v.Price.Amount)!.Price;

    public Variant? FindVariant(string sku) => Variants.FirstOrDefault(v => v.Sku == sku);

    /// <summary>This product after a change made at <paramref name="at"/>: one version later.</summary>
    public Product Changed(DateTimeOffset at) => this with { UpdatedAt = at, Version = Version + 1 };
}

/// <summary>A product as listings show it: no variants, the cheapest price.</summary>
public sealed record ProductSummary(
    string Id,
    string SellerId,
    string Name,
    string Brand,
    string CategoryId,
    ProductStatus Status,
    Money MinPrice,
    Rating Rating,
    ProductImage? Image,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public enum ProductSort
{
    Newest,
    PriceAscending,
    PriceDescending,
}
