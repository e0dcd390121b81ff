using Shop.Core.Catalog;

namespace Shop.Core.Pricing;

/// <summary>
/// One cart line as pricing sees it: the variant's current catalog price (tax-exclusive, minor units)
/// and where the product sits, seller and category, so promotions can be scoped to it.
/// </summary>
public sealed record PricingLine(
    string Sku,
    string ProductId,
    string SellerId,
    IReadOnlyList<string> CategoryPath,
    long UnitPrice,
    int Quantity,
    int UnitWeightGrams)
{
    /// <summary>
    /// The currency of <see cref="UnitPrice"/>, when the caller has it from the variant; null means the
    /// request's. A line in another currency is refused rather than priced at a wrong amount.
    /// </summary>
    public string? Currency { get; init; }

    public long Subtotal => UnitPrice * Quantity;
}

/// <summary>Where the cart ships: <see cref="Country"/> is ISO 3166-1 alpha-2 in capitals.</summary>
public sealed record Destination(string Country, string? PostalCode);

/// <summary>How often a promotion has been redeemed by orders, in total and by the shopper pricing the cart.</summary>
public sealed record PromotionUsage(int TotalUsed, int MemberUsed)
{
    public static readonly PromotionUsage None = new(0, 0);
}

/// <summary>
/// Everything a price depends on, so pricing is a pure function of it: the cart's lines, the
/// promotions its codes name (already looked up), their usage so far, the shipping choice and when.
/// </summary>
public sealed record PricingRequest(
    string Currency,
    IReadOnlyList<PricingLine> Lines,
    IReadOnlyList<Promotion> Promotions,
    IReadOnlyDictionary<string, PromotionUsage> Usage,
    string ShippingOption,
    Destination Destination,
    DateTimeOffset At);

/// <summary>What a cart may hold. Callers check these first; pricing treats a breach as a bug (<see cref="ArgumentException"/>).</summary>
public static class PricingLimits
{
    public const int MaxLines = 50;
    public const int MaxQuantity = 99;
    public const long MaxUnitPrice = Money.MaxAmount;

    /// <summary>100 kg a unit keeps a full cart's weight (50 × 99 units) well inside an int.</summary>
    public const int MaxUnitWeightGrams = 100_000;
}
