using System.Text.Json;
using CsCheck;
using Shop.Core.Pricing;
using static Shop.Core.Tests.Builders.PricingRequestBuilder;

namespace Shop.Core.Tests.Pricing;

public sealed class PriceCartPropertyTests
{
    private const int Iterations = 2_000;

    private static readonly PriceCart Pricing = new(ShippingRates.Default, TaxRates.Default);

    private static readonly IReadOnlyList<string>[] Paths =
    [
        ["fashion"], ["fashion", "shoes"], RunningShoes, ["fashion", "bags"], ["home"], ["home", "kitchen"], ["electronics", "audio"],
    ];

    private static readonly string[] Categories = ["fashion", "shoes", "running", "bags", "home", "kitchen", "electronics", "audio"];
    private static readonly string[] Sellers = ["seller-1", "seller-2", "seller-3"];
    private static readonly string[] Codes = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT"];
    private static readonly string[] Countries = [.. ShippingRates.EuCountries, .. ShippingRates.WorldCountries];

    // Mostly everyday prices and quantities, where roundings and ties happen; now and then the extremes, where overflow would.
    private static readonly Gen<long> UnitPrice = Gen.Frequency((4, Gen.Long[0, 5_000]), (1, Gen.Long[0, PricingLimits.MaxUnitPrice]));
    private static readonly Gen<int> Quantity = Gen.Frequency((4, Gen.Int[1, 7]), (1, Gen.Int[1, PricingLimits.MaxQuantity]));
    private static readonly Gen<int> Weight = Gen.Frequency((4, Gen.Int[0, 3_000]), (1, Gen.Int[0, PricingLimits.MaxUnitWeightGrams]));

    private static readonly Gen<PricingLine> Line = Gen.Select(UnitPrice, Quantity, Weight, Gen.OneOf(Sellers), Gen.OneOf(Paths),
        (price, quantity, weight, seller, path) => new PricingLine("", "p", seller, path, price, quantity, weight));

    private static readonly Gen<PricingLine[]> Lines =
        from count in Gen.Frequency((4, Gen.Int[1, 6]), (1, Gen.Int[1, PricingLimits.MaxLines]))
        from lines in Line.Array[count]
        select lines.Select((line, i) => line with { Sku = $"SKU-{(i * 37) % 100:00}-{i}" }).ToArray();

    private static readonly Gen<PromotionBenefit> Benefit = Gen.OneOf(
        Gen.Frequency((2, Gen.Int[1, 5_000]), (1, Gen.Int[1, 10_000])).Select(bp => (PromotionBenefit)new PromotionBenefit.PercentOff(bp)),
        Gen.Frequency((3, Gen.Long[1, 5_000]), (1, Gen.Long[1, 1_000_000_000])).Select(amount => (PromotionBenefit)new PromotionBenefit.AmountOff(amount)),
        Gen.Const((PromotionBenefit)new PromotionBenefit.FreeShipping()),
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 3], (buy, get) => (PromotionBenefit)new PromotionBenefit.BuyXGetY(buy, get)));

    private static Gen<T?> Sometimes<T>(Gen<T> gen) where T : struct =>
        Gen.Frequency((1, Gen.Const((T?)null)), (1, gen.Select(value => (T?)value)));

    private static readonly Gen<DateTimeOffset?> Moment = Sometimes(Gen.Int[-3, 3]).Select(hours => hours is { } h ? Now.AddHours(h) : (DateTimeOffset?)null);

    private static readonly Gen<IReadOnlyList<string>> CategoryScope =
        Gen.Frequency((2, Gen.Const<IReadOnlyList<string>>([])), (1, Gen.OneOf(Categories).Array[1, 2].Select(ids => (IReadOnlyList<string>)ids)));

    private static readonly Gen<IReadOnlyList<string>> SellerScope =
        Gen.Frequency((2, Gen.Const<IReadOnlyList<string>>([])), (1, Gen.OneOf(Sellers).Array[1, 2].Select(ids => (IReadOnlyList<string>)ids)));

    private static readonly Gen<Promotion> AnyPromotion = Gen.Select(
        Benefit,
        Gen.Frequency((9, Gen.Const("EUR")), (1, Gen.Const("USD"))),
        Moment,
        Moment,
        Gen.Frequency((3, Gen.Const(0L)), (1, Gen.Long[0, 20_000])),
        Gen.Select(CategoryScope, SellerScope, (categories, sellers) => new PromotionScope(categories, sellers)),
        Sometimes(Gen.Int[0, 3]),
        Sometimes(Gen.Int[0, 2]),
        (benefit, currency, starts, ends, minimum, scope, total, perMember) =>
            new Promotion("", "", benefit, currency, starts, ends, minimum, scope, total, perMember));

    private static readonly Gen<PromotionUsage?> Usage = Sometimes(Gen.Select(Gen.Int[0, 4], Gen.Int[0, 3])).Select(u => u is { } used ? new PromotionUsage(used.Item1, used.Item2) : null);

    private static readonly Gen<PricingRequest> Request =
        from lines in Lines
        from promotions in AnyPromotion.Array[0, Codes.Length]
        from usage in Usage.Array[promotions.Length]
        from option in Gen.OneOf(ShippingRates.Standard, ShippingRates.Express)
        from country in Gen.OneOf(Countries)
        let coded = promotions.Select((p, i) => p with { Code = Codes[i], Description = $"Promotion {Codes[i]}" }).ToArray()
        select new PricingRequest(
            "EUR",
            lines,
            coded,
            coded.Zip(usage).Where(pair => pair.Second is not null).ToDictionary(pair => pair.First.Code, pair => pair.Second!),
            option,
            new Destination(country, null),
            Now);

    // The benefit is written as text: serialized through its abstract base it would print as {}.
    private static string Show(PricingRequest request) => JsonSerializer.Serialize(new
    {
        request.Lines,
        Promotions = request.Promotions.Select(p => new { p.Code, Benefit = p.Benefit.ToString(), p.Currency, p.StartsAt, p.EndsAt, p.MinSubtotal, p.Scope, p.TotalLimit, p.PerMemberLimit }),
        request.Usage,
        request.ShippingOption,
        request.Destination,
    });

    private static string Show(PriceBreakdown price) => JsonSerializer.Serialize(price);

    [Fact]
    public void NeverGoesNegative_WhenAnyCartIsPriced()
    {
        Request.Sample(request =>
        {
            var price = Pricing.Price(request);
            Assert.True(price.Total >= 0 && price.Tax.Amount >= 0 && price.ShippingTotal >= 0, Show(price));
            Assert.True(price.Discount <= price.Subtotal, Show(price));
            Assert.True(price.ShippingDiscount <= price.Shipping.Amount, Show(price));
            Assert.All(price.Lines, line => Assert.True(line.Discount >= 0 && line.Total >= 0, Show(price)));
        }, iter: Iterations, print: Show);
    }

    [Fact]
    public void LineDiscountsAddUpToTheDiscount_WhenAnyCartIsPriced()
    {
        Request.Sample(request =>
        {
            var price = Pricing.Price(request);
            Assert.Equal(price.Discount, price.Lines.Sum(line => line.Discount));
            Assert.Equal(price.Discount, price.Promotions.Sum(p => p.Discount));
            Assert.Equal(price.ShippingDiscount, price.Promotions.Sum(p => p.ShippingDiscount));
            Assert.Equal(price.Subtotal, price.Lines.Sum(line => line.Subtotal));
            Assert.All(price.Lines.Zip(request.Lines), pair =>
            {
                var (priced, line) = pair;
                Assert.Equal(line.Sku, priced.Sku);
                Assert.Equal(line.UnitPrice * line.Quantity, priced.Subtotal);
                Assert.Equal(priced.Subtotal - priced.Discount, priced.Total);
                Assert.InRange(priced.Total, 0, priced.Subtotal);
            });
        }, iter: Iterations, print: Show);
    }

    [Fact]
    public void TotalIsGoodsLessDiscountPlusShippingAndTax_WhenAnyCartIsPriced()
    {
        Request.Sample(request =>
        {
            var price = Pricing.Price(request);
            Assert.Equal(price.Subtotal - price.Discount + price.ShippingTotal + price.Tax.Amount, price.Total);
            Assert.Equal(price.Shipping.Amount - price.ShippingDiscount, price.ShippingTotal);
            Assert.Equal(price.Subtotal - price.Discount + price.ShippingTotal, price.Tax.Taxable);
            Assert.Equal(TaxRates.Default.RateFor(request.Destination.Country), price.Tax.RateBasisPoints);
            // Rounded once, half up: the tax is above the exact rate × taxable by at most half a minor unit, below by less.
            var exact = (Int128)price.Tax.Taxable * price.Tax.RateBasisPoints;
            Assert.InRange(price.Tax.Amount * (Int128)10_000 - exact, -4_999, 5_000);
        }, iter: Iterations, print: Show);
    }

    [Fact]
    public void NeverAppliesAPromotion_WhenItsLimitIsReached()
    {
        Request.Sample(request =>
        {
            var price = Pricing.Price(request);
            var applied = price.Promotions.Select(p => p.Code).ToHashSet();
            foreach (var promotion in request.Promotions)
            {
                var usage = request.Usage.GetValueOrDefault(promotion.Code) ?? PromotionUsage.None;
                if (usage.TotalUsed >= promotion.TotalLimit || usage.MemberUsed >= promotion.PerMemberLimit)
                {
                    Assert.DoesNotContain(promotion.Code, applied);
                }
            }
        }, iter: Iterations, print: Show);
    }

    [Fact]
    public void AppliesAtMostOneGoodsAndOneShippingPromotion_WhenAnyCartIsPriced()
    {
        Request.Sample(request =>
        {
            var price = Pricing.Price(request);
            Assert.True(price.Promotions.Count(p => p.Discount > 0) <= 1, Show(price));
            Assert.True(price.Promotions.Count(p => p.ShippingDiscount > 0) <= 1, Show(price));
            Assert.All(price.Promotions, p => Assert.True(p.Discount > 0 ^ p.ShippingDiscount > 0, Show(price)));
            // Every promotion on the cart is accounted for exactly once, applied or rejected.
            Assert.Equal(
                request.Promotions.Select(p => p.Code).Order(StringComparer.Ordinal),
                price.Promotions.Select(p => p.Code).Concat(price.Rejected.Select(r => r.Code)).Order(StringComparer.Ordinal));
        }, iter: Iterations, print: Show);
    }

    [Fact]
    public void AppliesTheBiggestGoodsDiscount_WhenSeveralQualify()
    {
        Request.Sample(request =>
        {
            var price = Pricing.Price(request);
            var winner = price.Promotions.FirstOrDefault(p => p.Discount > 0);
            foreach (var loser in price.Rejected.Where(r => r.Reason == RejectionReasons.NotCombinable))
            {
                var promotion = request.Promotions.Single(p => p.Code == loser.Code);
                if (promotion.Benefit is PromotionBenefit.FreeShipping)
                {
                    continue;
                }
                Assert.NotNull(winner);
                var alone = Pricing.Price(request with { Promotions = [promotion] });
                Assert.Equal(loser.Code, Assert.Single(alone.Promotions).Code);
                Assert.True(
                    alone.Discount < winner.Discount || (alone.Discount == winner.Discount && string.CompareOrdinal(winner.Code, loser.Code) < 0),
                    $"{loser.Code} alone gives {alone.Discount}, more than {winner.Code}'s {winner.Discount}");
            }
        }, iter: Iterations, print: Show);
    }

    [Fact]
    public void TakesWhatTheGoodsPromotionPromises_WhenOneApplies()
    {
        Request.Sample(request =>
        {
            var price = Pricing.Price(request);
            if (price.Promotions.FirstOrDefault(p => p.Discount > 0) is not { } applied)
            {
                return;
            }
            var promotion = request.Promotions.Single(p => p.Code == applied.Code);
            var inScope = request.Lines.Select(promotion.Scope.Covers).ToList();
            var scopeSubtotal = request.Lines.Where(promotion.Scope.Covers).Sum(line => line.UnitPrice * line.Quantity);
            Assert.All(price.Lines.Zip(inScope), pair => Assert.True(pair.Second || pair.First.Discount == 0, $"{pair.First.Sku} is out of {applied.Code}'s scope"));
            switch (promotion.Benefit)
            {
                case PromotionBenefit.PercentOff(var basisPoints):
                    Assert.InRange(price.Discount * (Int128)10_000 - (Int128)scopeSubtotal * basisPoints, -4_999, 5_000);
                    break;
                case PromotionBenefit.AmountOff(var amount):
                    Assert.Equal(Math.Min(amount, scopeSubtotal), price.Discount);
                    break;
                case PromotionBenefit.BuyXGetY(var buy, var get):
                    Assert.All(price.Lines.Zip(request.Lines, inScope), t =>
                        Assert.Equal(t.Third ? t.Second.Quantity / (buy + get) * get * t.Second.UnitPrice : 0, t.First.Discount));
                    break;
                default:
                    Assert.Fail($"{applied.Code} discounts goods but is {promotion.Benefit}");
                    break;
            }
        }, iter: Iterations, print: Show);
    }

    [Fact]
    public void GivesTheSameBreakdown_WhenPricedTwice()
    {
        Request.Sample(request =>
        {
            Assert.Equal(Show(Pricing.Price(request)), Show(new PriceCart(ShippingRates.Default, TaxRates.Default).Price(request)));
        }, iter: Iterations, print: Show);
    }

    [Fact]
    public void GivesTheSameBreakdown_WhenPromotionsAreShuffled()
    {
        Gen.Select(Request, Gen.Int).Sample((request, seed) =>
        {
            var shuffled = request.Promotions.ToArray();
            new Random(seed).Shuffle(shuffled);

            Assert.Equal(Show(Pricing.Price(request)), Show(Pricing.Price(request with { Promotions = shuffled })));
        }, iter: Iterations, print: pair => Show(pair.Item1));
    }
}
