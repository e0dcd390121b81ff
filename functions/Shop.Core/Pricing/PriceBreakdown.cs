namespace Shop.Core.Pricing;

/// <summary>A line's price: <see cref="Total"/> = <see cref="Subtotal"/> − <see cref="Discount"/>, never negative.</summary>
public sealed record PricedLine(string Sku, int Quantity, long UnitPrice, long Subtotal, long Discount, long Total);

/// <summary>A promotion that took effect: <see cref="Discount"/> off the goods, <see cref="ShippingDiscount"/> off shipping.</summary>
public sealed record AppliedPromotion(string Code, string Description, long Discount, long ShippingDiscount);

/// <summary>A promotion on the cart that did not take effect; <see cref="Reason"/> is one of <see cref="RejectionReasons"/>.</summary>
public sealed record RejectedPromotion(string Code, string Reason);

/// <summary>Stable, machine-readable reasons for a <see cref="RejectedPromotion"/>: clients translate them.</summary>
public static class RejectionReasons
{
    public const string CurrencyMismatch = "currency_mismatch";
    public const string NotStarted = "not_started";
    public const string Expired = "expired";
    public const string UsageLimitReached = "usage_limit_reached";
    public const string MemberLimitReached = "member_limit_reached";
    public const string NotApplicable = "not_applicable";
    public const string MinimumNotMet = "minimum_not_met";
    public const string NotCombinable = "not_combinable";
}

public sealed record ShippingQuote(string Option, long Amount, int MinDays, int MaxDays);

/// <summary>VAT at <see cref="RateBasisPoints"/> on <see cref="Taxable"/> (goods and shipping after discounts).</summary>
public sealed record TaxLine(string Country, int RateBasisPoints, long Taxable, long Amount);

/// <summary>
/// A cart's price, every amount in minor units of <see cref="Currency"/>:
/// <see cref="Total"/> = <see cref="Subtotal"/> − <see cref="Discount"/> + <see cref="ShippingTotal"/> + the tax amount.
/// Lines are in the request's order; applied promotions list the goods one first; rejected ones are in code order.
/// </summary>
public sealed record PriceBreakdown(
    string Currency,
    IReadOnlyList<PricedLine> Lines,
    long Subtotal,
    IReadOnlyList<AppliedPromotion> Promotions,
    IReadOnlyList<RejectedPromotion> Rejected,
    long Discount,
    ShippingQuote Shipping,
    long ShippingDiscount,
    long ShippingTotal,
    TaxLine Tax,
    long Total,
    IReadOnlyList<ShippingQuote> ShippingOptions,
    int WeightGrams);
