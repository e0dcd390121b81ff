using Shop.Core.Common;
using Shop.Core.Pricing;
using static Shop.Core.Tests.Builders.PricingRequestBuilder;
using static Shop.Core.Tests.Builders.PromotionBuilder;

namespace Shop.Core.Tests.Pricing;

public sealed class PriceCartTests
{
    private static readonly PriceCart Pricing = new(ShippingRates.Default, TaxRates.Default);

    private static PriceBreakdown Price(Builders.PricingRequestBuilder cart) => Pricing.Price(cart.Build());

    [Fact]
    public void AddsShippingAndTax_WhenNoPromotionApplies()
    {
        var price = Price(ACart().WithLine("A", 1000, quantity: 2));

        Assert.Equal([new PricedLine("A", 2, 1000, 2000, 0, 2000)], price.Lines);
        Assert.Equal(2000, price.Subtotal);
        Assert.Equal(0, price.Discount);
        Assert.Equal(400, price.WeightGrams);
        Assert.Equal(new ShippingQuote(ShippingRates.Standard, 490, 2, 3), price.Shipping);
        Assert.Equal(490, price.ShippingTotal);
        // 19 % of 2490 is 473.1.
        Assert.Equal(new TaxLine("DE", 1900, 2490, 473), price.Tax);
        Assert.Equal(2963, price.Total);
        Assert.Empty(price.Promotions);
        Assert.Empty(price.Rejected);
    }

    [Fact]
    public void ListsEveryOptionForTheDestination_WhenPriced()
    {
        var price = Price(ACart().WithLine("A", 1000).ShippedTo("FR").ShippedBy(ShippingRates.Express));

        Assert.Equal(
            [new ShippingQuote(ShippingRates.Standard, 990, 3, 6), new ShippingQuote(ShippingRates.Express, 1990, 1, 3)],
            price.ShippingOptions);
        Assert.Equal(new ShippingQuote(ShippingRates.Express, 1990, 1, 3), price.Shipping);
    }

    [Fact]
    public void SplitsAPercentDiscountByLargestRemainder_WhenLinesDoNotDivideEvenly()
    {
        var price = Price(ACart().WithLine("A", 333).WithLine("B", 333).WithLine("C", 334).WithPromotions(APercentOff("TEN", 1000)));

        // 10 % of 1000 is 100; shares 33.3, 33.3, 33.4 round down to 99, the last unit goes to C's .4.
        Assert.Equal([33L, 33L, 34L], price.Lines.Select(l => l.Discount));
        Assert.Equal(100, price.Discount);
        Assert.Equal([new AppliedPromotion("TEN", "The TEN promotion", 100, 0)], price.Promotions);
    }

    [Fact]
    public void RoundsThePercentOnceOnTheScope_WhenRoundingEachLineWouldGiveMore()
    {
        var price = Price(ACart().WithLine("C", 105).WithLine("A", 105).WithLine("B", 105).WithPromotions(APercentOff("P15", 1500)));

        // 15 % of 315 is 47.25 → 47, where 15.75 rounded per line would make 48. The two units left
        // after 15 each tie on remainder and go to the smallest SKUs, whatever the line order.
        Assert.Equal(47, price.Discount);
        Assert.Equal([15L, 16L, 16L], price.Lines.Select(l => l.Discount));
    }

    [Theory]
    [InlineData(1009, 50)]
    [InlineData(1010, 51)]
    [InlineData(1030, 52)]
    public void RoundsThePercentHalfUp_WhenTheDiscountHasAFraction(long unitPrice, long expected)
    {
        var price = Price(ACart().WithLine("A", unitPrice).WithPromotions(APercentOff("FIVE", 500)));

        Assert.Equal(expected, price.Discount);
    }

    [Fact]
    public void SplitsAnAmountOffInProportion_WhenSeveralLinesAreInScope()
    {
        var price = Price(ACart().WithLine("A", 700).WithLine("B", 200).WithLine("C", 100).WithPromotions(AnAmountOff("OFF", 101)));

        // 70.7, 20.2 and 10.1: the unit left after rounding down goes to A.
        Assert.Equal([71L, 20L, 10L], price.Lines.Select(l => l.Discount));
        Assert.Equal(101, price.Discount);
    }

    [Fact]
    public void CapsAnAmountOffAtTheScopeSubtotal_WhenItIsLarger()
    {
        var price = Price(ACart()
            .WithLine("A", 1200)
            .WithLine("B", 3000, categoryPath: ["home"])
            .WithPromotions(AnAmountOff("BIG", 5000).InCategories("shoes")));

        Assert.Equal([new PricedLine("A", 1, 1200, 1200, 1200, 0), new PricedLine("B", 1, 3000, 3000, 0, 3000)], price.Lines);
        Assert.Equal(1200, price.Discount);
        Assert.Equal(1200, Assert.Single(price.Promotions).Discount);
        // 19 % of 3000 + 490 is 663.1.
        Assert.Equal(new TaxLine("DE", 1900, 3490, 663), price.Tax);
        Assert.Equal(4153, price.Total);
    }

    [Fact]
    public void RejectsAsNotApplicable_WhenTheScopeIsWorthNothing()
    {
        var price = Price(ACart().WithLine("GIFT", 0).WithPromotions(AnAmountOff("OFF", 500)));

        Assert.Equal([new RejectedPromotion("OFF", RejectionReasons.NotApplicable)], price.Rejected);
        Assert.Equal(0, price.Discount);
    }

    [Fact]
    public void GivesGetUnitsFreeOfEveryBuyPlusGet_WhenBuyXGetYApplies()
    {
        var price = Price(ACart().WithLine("A", 1000, quantity: 7).WithLine("B", 500, quantity: 2).WithPromotions(ABuyXGetY("3FOR2", 2, 1)));

        // 7 units hold two groups of 3: two free. B's 2 units make no group.
        Assert.Equal([2000L, 0L], price.Lines.Select(l => l.Discount));
        Assert.Equal(2000, price.Discount);
    }

    [Fact]
    public void RejectsBuyXGetYAsNotApplicable_WhenNoLineHasAFullGroup()
    {
        var price = Price(ACart().WithLine("A", 1000, quantity: 2).WithPromotions(ABuyXGetY("3FOR2", 2, 1)));

        Assert.Equal([new RejectedPromotion("3FOR2", RejectionReasons.NotApplicable)], price.Rejected);
    }

    [Fact]
    public void WaivesStandardShipping_WhenFreeShippingApplies()
    {
        var price = Price(ACart().WithLine("A", 1000).WithPromotions(AFreeShipping("SHIP")));

        Assert.Equal(490, price.Shipping.Amount);
        Assert.Equal(490, price.ShippingDiscount);
        Assert.Equal(0, price.ShippingTotal);
        Assert.Equal(new AppliedPromotion("SHIP", "The SHIP promotion", 0, 490), Assert.Single(price.Promotions));
        Assert.Equal(new TaxLine("DE", 1900, 1000, 190), price.Tax);
        Assert.Equal(1190, price.Total);
    }

    [Fact]
    public void TakesTheStandardPriceOffExpress_WhenFreeShippingApplies()
    {
        var price = Price(ACart().WithLine("A", 1000).ShippedBy(ShippingRates.Express).WithPromotions(AFreeShipping("SHIP")));

        Assert.Equal(990, price.Shipping.Amount);
        Assert.Equal(490, price.ShippingDiscount);
        Assert.Equal(500, price.ShippingTotal);
    }

    [Fact]
    public void AppliesTheBiggestGoodsDiscountAndAFreeShipping_WhenSeveralQualify()
    {
        var price = Price(ACart()
            .WithLine("A", 10_000)
            .WithPromotions(APercentOff("TEN", 1000), AFreeShipping("SHIP"), AnAmountOff("FIFTEEN", 1500)));

        Assert.Equal([("FIFTEEN", 1500L, 0L), ("SHIP", 0L, 490L)], price.Promotions.Select(p => (p.Code, p.Discount, p.ShippingDiscount)));
        Assert.Equal([new RejectedPromotion("TEN", RejectionReasons.NotCombinable)], price.Rejected);
        Assert.Equal(1500, price.Discount);
        Assert.Equal(0, price.ShippingTotal);
    }

    [Fact]
    public void AppliesTheSmallestCode_WhenGoodsDiscountsTie()
    {
        var price = Price(ACart().WithLine("A", 10_000).WithPromotions(APercentOff("BBB", 1000), AnAmountOff("AAA", 1000)));

        Assert.Equal("AAA", Assert.Single(price.Promotions).Code);
        Assert.Equal([new RejectedPromotion("BBB", RejectionReasons.NotCombinable)], price.Rejected);
    }

    [Fact]
    public void AppliesOneFreeShipping_WhenSeveralQualify()
    {
        var price = Price(ACart().WithLine("A", 1000).WithPromotions(AFreeShipping("SHIP2"), AFreeShipping("SHIP1")));

        Assert.Equal("SHIP1", Assert.Single(price.Promotions).Code);
        Assert.Equal([new RejectedPromotion("SHIP2", RejectionReasons.NotCombinable)], price.Rejected);
        Assert.Equal(490, price.ShippingDiscount);
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(1, null, RejectionReasons.NotStarted)]
    [InlineData(null, 0, RejectionReasons.Expired)]
    [InlineData(null, 1, null)]
    [InlineData(-1, -1, RejectionReasons.Expired)]
    public void HonoursTheWindow_WhenStartInclusiveAndEndExclusive(int? startsInTicks, int? endsInTicks, string? reason)
    {
        var promotion = APercentOff("WINDOW", 1000);
        if (startsInTicks is { } starts)
        {
            promotion.StartingAt(Now.AddTicks(starts));
        }
        if (endsInTicks is { } ends)
        {
            promotion.EndingAt(Now.AddTicks(ends));
        }

        var price = Price(ACart().WithLine("A", 1000).WithPromotions(promotion));

        AssertOutcome(price, "WINDOW", reason);
    }

    [Theory]
    [InlineData(100, null, 99, 0, null)]
    [InlineData(100, null, 100, 0, RejectionReasons.UsageLimitReached)]
    [InlineData(100, null, 101, 0, RejectionReasons.UsageLimitReached)]
    [InlineData(null, 1, 5000, 0, null)]
    [InlineData(null, 1, 0, 1, RejectionReasons.MemberLimitReached)]
    [InlineData(100, 1, 100, 1, RejectionReasons.UsageLimitReached)]
    public void ComparesLimitsWithUsage_WhenPromotionIsLimited(int? totalLimit, int? perMemberLimit, int totalUsed, int memberUsed, string? reason)
    {
        var promotion = APercentOff("LIMITED", 1000);
        if (totalLimit is { } total)
        {
            promotion.LimitedTo(total);
        }
        if (perMemberLimit is { } perMember)
        {
            promotion.LimitedPerMemberTo(perMember);
        }

        var price = Price(ACart().WithLine("A", 1000).WithPromotions(promotion).WithUsage("LIMITED", totalUsed, memberUsed));

        AssertOutcome(price, "LIMITED", reason);
    }

    [Fact]
    public void CountsNoUsage_WhenTheCodeHasNoneRecorded()
    {
        var price = Price(ACart().WithLine("A", 1000).WithPromotions(APercentOff("ONCE", 1000).LimitedTo(1).LimitedPerMemberTo(1)));

        AssertOutcome(price, "ONCE", null);
    }

    [Theory]
    [InlineData(4999, RejectionReasons.MinimumNotMet)]
    [InlineData(5000, null)]
    public void ComparesTheMinimumWithTheScopeBeforeDiscount_WhenOtherLinesAreOutOfScope(long inScope, string? reason)
    {
        var price = Price(ACart()
            .WithLine("A", inScope)
            .WithLine("B", 10_000, categoryPath: ["home"])
            .WithPromotions(APercentOff("SHOES50", 5000).InCategories("shoes").WithMinimum(5000)));

        AssertOutcome(price, "SHOES50", reason);
    }

    [Fact]
    public void CoversTheCategorySubtree_WhenScopedToACategory()
    {
        var price = Price(ACart()
            .WithLine("A", 1000, categoryPath: ["fashion", "shoes", "running"])
            .WithLine("B", 1000, categoryPath: ["fashion", "bags"])
            .WithLine("C", 1000, categoryPath: ["home", "shoes-rack"])
            .WithPromotions(APercentOff("SHOES", 1000).InCategories("shoes")));

        Assert.Equal([100L, 0L, 0L], price.Lines.Select(l => l.Discount));
    }

    [Fact]
    public void RequiresBothCategoryAndSeller_WhenScopedByBoth()
    {
        var price = Price(ACart()
            .WithLine("A", 1000, seller: "seller-2")
            .WithLine("B", 1000, seller: "seller-2", categoryPath: ["home"])
            .WithLine("C", 1000, seller: "seller-1")
            .WithPromotions(APercentOff("S2SHOES", 1000).InCategories("shoes").FromSellers("seller-2")));

        Assert.Equal([100L, 0L, 0L], price.Lines.Select(l => l.Discount));
    }

    [Fact]
    public void RejectsAsNotApplicable_WhenNoLineIsInScope()
    {
        var price = Price(ACart().WithLine("A", 1000).WithPromotions(AFreeShipping("KITCHEN").InCategories("kitchen"), APercentOff("S9", 1000).FromSellers("seller-9")));

        Assert.Equal(
            [new RejectedPromotion("KITCHEN", RejectionReasons.NotApplicable), new RejectedPromotion("S9", RejectionReasons.NotApplicable)],
            price.Rejected);
        Assert.Equal(490, price.ShippingTotal);
    }

    [Fact]
    public void RejectsCurrencyMismatch_WhenThePromotionIsInAnotherCurrency()
    {
        var price = Price(ACart().WithLine("A", 1000).WithPromotions(AnAmountOff("USD5", 500).InCurrency("USD")));

        Assert.Equal([new RejectedPromotion("USD5", RejectionReasons.CurrencyMismatch)], price.Rejected);
        Assert.Equal(0, price.Discount);
    }

    [Fact]
    public void ReportsTheFirstFailedCheck_WhenSeveralFail()
    {
        var price = Price(ACart()
            .WithLine("A", 1000)
            .WithPromotions(APercentOff("OLD", 1000).EndingAt(Now.AddDays(-1)).LimitedTo(1).InCategories("kitchen"))
            .WithUsage("OLD", 1, 1));

        Assert.Equal([new RejectedPromotion("OLD", RejectionReasons.Expired)], price.Rejected);
    }

    [Theory]
    [InlineData("DE", ShippingRates.Standard, 1_000, 1, 490, 2, 3)]
    [InlineData("DE", ShippingRates.Standard, 1_001, 1, 690, 2, 3)]
    [InlineData("DE", ShippingRates.Express, 3_000, 2, 1990, 1, 1)]
    [InlineData("FR", ShippingRates.Standard, 1_000, 1, 990, 3, 6)]
    [InlineData("FR", ShippingRates.Standard, 5_001, 1, 2990, 3, 6)]
    [InlineData("AT", ShippingRates.Express, 500, 2, 1990, 1, 3)]
    [InlineData("US", ShippingRates.Standard, 20_000, 1, 6990, 6, 12)]
    [InlineData("US", ShippingRates.Standard, 20_001, 1, 7290, 6, 12)]
    [InlineData("US", ShippingRates.Standard, 21_500, 1, 7590, 6, 12)]
    [InlineData("CH", ShippingRates.Express, 11_000, 2, 12990, 2, 5)]
    public void PricesShippingByZoneAndTotalWeight_WhenShippedThere(string country, string option, int unitWeight, int quantity, long amount, int minDays, int maxDays)
    {
        var price = Price(ACart().WithLine("A", 1000, quantity, unitWeight).ShippedTo(country).ShippedBy(option));

        Assert.Equal(unitWeight * quantity, price.WeightGrams);
        Assert.Equal(new ShippingQuote(option, amount, minDays, maxDays), price.Shipping);
    }

    [Theory]
    [InlineData("DE", 1900, 10_490, 1993)]
    [InlineData("LU", 1700, 10_990, 1868)]
    [InlineData("FR", 2000, 10_990, 2198)]
    [InlineData("FI", 2550, 10_990, 2802)]
    [InlineData("HU", 2700, 10_990, 2967)]
    [InlineData("CH", 810, 11_990, 971)]
    [InlineData("GB", 2000, 11_990, 2398)]
    [InlineData("US", 0, 11_990, 0)]
    public void ChargesTheDestinationsRateOnGoodsAndShipping_WhenShippedThere(string country, int rate, long taxable, long tax)
    {
        var price = Price(ACart().WithLine("A", 10_000).ShippedTo(country));

        Assert.Equal(new TaxLine(country, rate, taxable, tax), price.Tax);
        Assert.Equal(taxable + tax, price.Total);
    }

    [Fact]
    public void RoundsTaxHalfUpOnceOnTheTotal_WhenGoodsAndShippingEachRoundDown()
    {
        var price = Price(ACart().WithLine("A", 560));

        // 19 % of 1050 is 199.5 → 200; goods (106.4) and shipping (93.1) rounded apart would make 199.
        Assert.Equal(new TaxLine("DE", 1900, 1050, 200), price.Tax);
        Assert.Equal(1250, price.Total);
    }

    public static TheoryData<string, PricingRequest> InvalidRequests => new()
    {
        { "shippingOption", ACart().WithLine("A", 1000).ShippedBy("overnight").Build() },
        { "shippingAddress.country", ACart().WithLine("A", 1000).ShippedTo("JP").Build() },
        { "shippingAddress.country", ACart().WithLine("A", 1000).ShippedTo("de").Build() },
        { "currency", ACart().WithLine("A", 1000).InCurrency("USD").Build() },
        { "currency", ACart().With(ALine("A", 1000) with { Currency = "USD" }).Build() },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void NamesTheField_WhenTheShopperChoseSomethingUnpriceable(string field, PricingRequest request)
    {
        var error = Assert.Throws<ValidationException>(() => Pricing.Price(request));

        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public void RefusesTheCountry_WhenItHasAZoneButNoTaxRate()
    {
        var pricing = new PriceCart(ShippingRates.Default, new TaxRates(new Dictionary<string, int> { ["FR"] = 2000 }));

        var error = Assert.Throws<ValidationException>(() => pricing.Price(ACart().WithLine("A", 1000).Build()));

        Assert.Equal(["shippingAddress.country"], error.Errors.Keys);
    }

    [Fact]
    public void RefusesTheOption_WhenTheDestinationsZoneDoesNotOfferIt()
    {
        var rates = new ShippingRates(
            "EUR",
            new Dictionary<string, string> { ["DE"] = ShippingRates.Domestic, ["US"] = ShippingRates.World },
            [
                new(ShippingRates.Standard, ShippingRates.Domestic, [new(1_000, 490)], 50, 2, 3),
                new(ShippingRates.Standard, ShippingRates.World, [new(1_000, 1990)], 300, 6, 12),
                new(ShippingRates.Express, ShippingRates.Domestic, [new(1_000, 990)], 100, 1, 1),
            ]);
        var request = ACart().WithLine("A", 1000).ShippedTo("US").ShippedBy(ShippingRates.Express).Build();

        var error = Assert.Throws<ValidationException>(() => new PriceCart(rates, TaxRates.Default).Price(request));

        Assert.Equal(["shippingOption"], error.Errors.Keys);
        Assert.Equal([ShippingRates.Standard], new PriceCart(rates, TaxRates.Default).Price(request with { ShippingOption = ShippingRates.Standard }).ShippingOptions.Select(o => o.Option));
    }

    public static TheoryData<PricingRequest> BrokenInvariants => new()
    {
        ACart().Build(),
        ACart().WithLine("A", 1000, quantity: 0).Build(),
        ACart().WithLine("A", 1000, quantity: PricingLimits.MaxQuantity + 1).Build(),
        ACart().WithLine("A", -1).Build(),
        ACart().WithLine("A", PricingLimits.MaxUnitPrice + 1).Build(),
        ACart().WithLine("A", 1000, weightGrams: -1).Build(),
        ACart().WithLine("A", 1000).WithLine("A", 2000).Build(),
        ACart().With([.. Enumerable.Range(0, PricingLimits.MaxLines + 1).Select(i => ALine($"S{i}", 100))]).Build(),
        ACart().WithLine("A", 1000).WithPromotions(APercentOff("X", 10), AnAmountOff("X", 10)).Build(),
        ACart().WithLine("A", 1000).WithPromotions(APercentOff("X", 0)).Build(),
        ACart().WithLine("A", 1000).WithPromotions(APercentOff("X", 10_001)).Build(),
        ACart().WithLine("A", 1000).WithPromotions(AnAmountOff("X", 0)).Build(),
        ACart().WithLine("A", 1000).WithPromotions(ABuyXGetY("X", 0, 1)).Build(),
        ACart().WithLine("A", 1000).WithPromotions(ABuyXGetY("X", 1, 0)).Build(),
        ACart().WithLine("A", 1000).WithPromotions(APercentOff("X", 10).WithMinimum(-1)).Build(),
    };

    [Theory]
    [MemberData(nameof(BrokenInvariants))]
    public void Throws_WhenTheCallerBrokeAnInvariant(PricingRequest request)
    {
        Assert.ThrowsAny<ArgumentException>(() => Pricing.Price(request));
    }

    [Fact]
    public void PricesAFullCart_WhenEveryLineIsAtTheLimits()
    {
        var lines = Enumerable.Range(0, PricingLimits.MaxLines)
            .Select(i => ALine($"S{i:00}", PricingLimits.MaxUnitPrice, PricingLimits.MaxQuantity, PricingLimits.MaxUnitWeightGrams))
            .ToArray();

        var price = Price(ACart().With(lines).WithPromotions(APercentOff("ALMOST", 9_999)).ShippedTo("US").ShippedBy(ShippingRates.Express));

        const long subtotal = PricingLimits.MaxLines * PricingLimits.MaxQuantity * PricingLimits.MaxUnitPrice;
        Assert.Equal(subtotal, price.Subtotal);
        // 99.99 % of 495,000,000,000 is exact; 495,000 kg ships as 11990 + 494,980 started kilograms at 500.
        Assert.Equal(494_950_500_000, price.Discount);
        Assert.Equal(11_990 + 494_980L * 500, price.Shipping.Amount);
        Assert.Equal(subtotal - price.Discount + price.ShippingTotal, price.Total);
    }

    private static void AssertOutcome(PriceBreakdown price, string code, string? reason)
    {
        if (reason is null)
        {
            Assert.Equal(code, Assert.Single(price.Promotions).Code);
            Assert.Empty(price.Rejected);
        }
        else
        {
            Assert.Empty(price.Promotions);
            Assert.Equal([new RejectedPromotion(code, reason)], price.Rejected);
        }
    }
}
