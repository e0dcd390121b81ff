using Shop.Core.Pricing;

namespace Shop.Core.Tests.Builders;

/// <summary>A EUR cart shipped standard to Germany at <see cref="Now"/>, with no promotions until given some.</summary>
public sealed class PricingRequestBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Running shoes: three levels deep, so scope tests can name any ancestor.</summary>
    public static readonly IReadOnlyList<string> RunningShoes = ["fashion", "shoes", "running"];

    private readonly List<PricingLine> _lines = [];
    private readonly List<Promotion> _promotions = [];
    private readonly Dictionary<string, PromotionUsage> _usage = new(StringComparer.Ordinal);
    private string _currency = "EUR";
    private string _option = ShippingRates.Standard;
    private Destination _destination = new("DE", "10115");
    private DateTimeOffset _at = Now;

    public static PricingRequestBuilder ACart() => new();

    /// <summary>A line of running shoes sold by seller-1, 200 g a unit unless told otherwise.</summary>
    public static PricingLine ALine(string sku, long unitPrice, int quantity = 1, int weightGrams = 200, string seller = "seller-1", IReadOnlyList<string>? categoryPath = null) =>
        new(sku, $"p-{sku}", seller, categoryPath ?? RunningShoes, unitPrice, quantity, weightGrams);

    public PricingRequestBuilder With(params PricingLine[] lines)
    {
        _lines.AddRange(lines);
        return this;
    }

    public PricingRequestBuilder WithLine(string sku, long unitPrice, int quantity = 1, int weightGrams = 200, string seller = "seller-1", IReadOnlyList<string>? categoryPath = null) =>
        With(ALine(sku, unitPrice, quantity, weightGrams, seller, categoryPath));

    public PricingRequestBuilder WithPromotions(params PromotionBuilder[] promotions)
    {
        _promotions.AddRange(promotions.Select(p => p.Build()));
        return this;
    }

    public PricingRequestBuilder WithUsage(string code, int totalUsed, int memberUsed)
    {
        _usage[code] = new PromotionUsage(totalUsed, memberUsed);
        return this;
    }

    public PricingRequestBuilder InCurrency(string currency)
    {
        _currency = currency;
        return this;
    }

    public PricingRequestBuilder ShippedBy(string option)
    {
        _option = option;
        return this;
    }

    public PricingRequestBuilder ShippedTo(string country)
    {
        _destination = new Destination(country, null);
        return this;
    }

    public PricingRequestBuilder At(DateTimeOffset at)
    {
        _at = at;
        return this;
    }

    public PricingRequest Build() => new(_currency, [.. _lines], [.. _promotions], new Dictionary<string, PromotionUsage>(_usage), _option, _destination, _at);
}
