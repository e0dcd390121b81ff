using Shop.Core.Pricing;

namespace Shop.Core.Tests.Builders;

/// <summary>A promotion in EUR for everything in the cart, always running, unlimited, until told otherwise.</summary>
public sealed class PromotionBuilder
{
    private readonly string _code;
    private readonly PromotionBenefit _benefit;
    private string _currency = "EUR";
    private DateTimeOffset? _startsAt;
    private DateTimeOffset? _endsAt;
    private long _minSubtotal;
    private List<string> _categoryIds = [];
    private List<string> _sellerIds = [];
    private int? _totalLimit;
    private int? _perMemberLimit;

    private PromotionBuilder(string code, PromotionBenefit benefit)
    {
        _code = code;
        _benefit = benefit;
    }

    public static PromotionBuilder APromotion(string code, PromotionBenefit benefit) => new(code, benefit);

    public static PromotionBuilder APercentOff(string code, int basisPoints) => new(code, new PromotionBenefit.PercentOff(basisPoints));

    public static PromotionBuilder AnAmountOff(string code, long amount) => new(code, new PromotionBenefit.AmountOff(amount));

    public static PromotionBuilder AFreeShipping(string code) => new(code, new PromotionBenefit.FreeShipping());

    public static PromotionBuilder ABuyXGetY(string code, int buy, int get) => new(code, new PromotionBenefit.BuyXGetY(buy, get));

    public PromotionBuilder InCurrency(string currency)
    {
        _currency = currency;
        return this;
    }

    public PromotionBuilder StartingAt(DateTimeOffset startsAt)
    {
        _startsAt = startsAt;
        return this;
    }

    public PromotionBuilder EndingAt(DateTimeOffset endsAt)
    {
        _endsAt = endsAt;
        return this;
    }

    public PromotionBuilder WithMinimum(long minSubtotal)
    {
        _minSubtotal = minSubtotal;
        return this;
    }

    public PromotionBuilder InCategories(params string[] categoryIds)
    {
        _categoryIds = [.. categoryIds];
        return this;
    }

    public PromotionBuilder FromSellers(params string[] sellerIds)
    {
        _sellerIds = [.. sellerIds];
        return this;
    }

    public PromotionBuilder LimitedTo(int total)
    {
        _totalLimit = total;
        return this;
    }

    public PromotionBuilder LimitedPerMemberTo(int perMember)
    {
        _perMemberLimit = perMember;
        return this;
    }

    public Promotion Build() => new(
        _code,
        $"The {_code} promotion",
        _benefit,
        _currency,
        _startsAt,
        _endsAt,
        _minSubtotal,
        new PromotionScope(_categoryIds, _sellerIds),
        _totalLimit,
        _perMemberLimit);
}
