namespace Shop.Core.Pricing;

/// <summary>What a promotion gives. The hierarchy is closed: pricing knows every kind.</summary>
public abstract record PromotionBenefit
{
    private PromotionBenefit()
    {
    }

    /// <summary><see cref="BasisPoints"/> / 100 percent off the in-scope goods: 1 to 10000.</summary>
    public sealed record PercentOff(int BasisPoints) : PromotionBenefit;

    /// <summary>A fixed amount off the in-scope goods, in minor units of the promotion's currency; at most their subtotal.</summary>
    public sealed record AmountOff(long Amount) : PromotionBenefit;

    /// <summary>Standard shipping free of charge; with express, the standard price is taken off.</summary>
    public sealed record FreeShipping() : PromotionBenefit;

    /// <summary>On each in-scope SKU line, of every <see cref="Buy"/> + <see cref="Get"/> units, <see cref="Get"/> are free.</summary>
    public sealed record BuyXGetY(int Buy, int Get) : PromotionBenefit;
}

/// <summary>
/// Which lines a promotion applies to. A category covers its whole subtree: a line is in scope when
/// any category on its path is listed. Empty lists restrict nothing.
/// </summary>
public sealed record PromotionScope(IReadOnlyList<string> CategoryIds, IReadOnlyList<string> SellerIds)
{
    public static readonly PromotionScope Everything = new([], []);

    public bool Covers(PricingLine line) =>
        (CategoryIds.Count == 0 || line.CategoryPath.Any(CategoryIds.Contains))
        && (SellerIds.Count == 0 || SellerIds.Contains(line.SellerId));
}

/// <summary>
/// A code a shopper can add to a cart. <see cref="StartsAt"/> is inclusive, <see cref="EndsAt"/>
/// exclusive; <see cref="MinSubtotal"/> (0 = none) is compared with the in-scope goods before any
/// discount; a null limit is no limit. Amounts are in <see cref="Currency"/>.
/// </summary>
public sealed record Promotion(
    string Code,
    string Description,
    PromotionBenefit Benefit,
    string Currency,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    long MinSubtotal,
    PromotionScope Scope,
    int? TotalLimit,
    int? PerMemberLimit);
