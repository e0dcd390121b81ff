using Shop.Core.Common;

namespace Shop.Core.Pricing;

/// <summary>
/// Prices a cart: line subtotals, at most one goods promotion and one free-shipping promotion,
/// shipping by zone and weight, then VAT on what remains. Pure and deterministic, integer minor
/// units throughout; the rules are in docs/pricing.md. Usage is only read here: redeeming a code
/// happens when an order is placed, in that transaction.
/// </summary>
public sealed class PriceCart(ShippingRates shipping, TaxRates taxes)
{
    public PriceBreakdown Price(PricingRequest request)
    {
        CheckInvariants(request);
        var country = request.Destination.Country;
        var weight = request.Lines.Sum(line => line.UnitWeightGrams * line.Quantity);
        var quotes = QuoteShipping(request, weight);
        var selected = quotes.Single(q => q.Option == request.ShippingOption);
        var standard = quotes.FirstOrDefault(q => q.Option == ShippingRates.Standard);

        var (applied, rejected) = ApplyPromotions(request, selected, standard);
        var goods = applied.FirstOrDefault(a => a.LineDiscounts is not null);
        var lines = request.Lines
            .Select((line, i) =>
            {
                var discount = goods?.LineDiscounts![i] ?? 0;
                return new PricedLine(line.Sku, line.Quantity, line.UnitPrice, line.Subtotal, discount, line.Subtotal - discount);
            })
            .ToList();
        var subtotal = lines.Sum(l => l.Subtotal);
        var discount = lines.Sum(l => l.Discount);
        var shippingDiscount = applied.Sum(a => a.ShippingDiscount);
        var shippingTotal = selected.Amount - shippingDiscount;

        var rate = taxes.RateFor(country)!.Value;
        var taxable = subtotal - discount + shippingTotal;
        var tax = new TaxLine(country, rate, taxable, RoundHalfUp(taxable * rate, 10_000));

        return new PriceBreakdown(
            request.Currency,
            lines,
            subtotal,
            [.. applied.Select(a => new AppliedPromotion(a.Promotion.Code, a.Promotion.Description, a.Discount, a.ShippingDiscount))],
            rejected,
            discount,
            selected,
            shippingDiscount,
            shippingTotal,
            tax,
            subtotal - discount + shippingTotal + tax.Amount,
            quotes,
            weight);
    }

    /// <summary>Every option offered to the destination, once what a shopper can get wrong is refused by its field name.</summary>
    private IReadOnlyList<ShippingQuote> QuoteShipping(PricingRequest request, int weight)
    {
        var validation = new Validation();
        validation.When(request.Currency != shipping.Currency, "currency", $"Carts are priced in {shipping.Currency}.");
        validation.When(
            request.Lines.Any(line => line.Currency is not null && line.Currency != request.Currency),
            "currency",
            $"Every item must be priced in {request.Currency}.");

        var zone = shipping.ZoneOf(request.Destination.Country);
        validation.When(zone is null || taxes.RateFor(request.Destination.Country) is null, "shippingAddress.country", "We do not ship to this country.");
        var quotes = zone is null ? [] : shipping.Quote(zone, weight);
        if (!shipping.Options.Contains(request.ShippingOption))
        {
            validation.Add("shippingOption", $"Must be one of: {string.Join(", ", shipping.Options)}.");
        }
        else if (zone is not null && quotes.All(q => q.Option != request.ShippingOption))
        {
            validation.Add("shippingOption", "Not offered to this country.");
        }
        validation.ThrowIfAny();
        return quotes;
    }

    private sealed record Effect(Promotion Promotion, long[]? LineDiscounts, long Discount, long ShippingDiscount);

    /// <summary>
    /// Decides each promotion on its own (window, limits, scope, minimum, whether it gives anything),
    /// then lets the biggest goods discount and one free shipping through. Promotions are taken in
    /// code order, so the order the cart lists them in never changes the price.
    /// </summary>
    private static (IReadOnlyList<Effect> Applied, IReadOnlyList<RejectedPromotion> Rejected) ApplyPromotions(
        PricingRequest request, ShippingQuote selected, ShippingQuote? standard)
    {
        var rejected = new List<RejectedPromotion>();
        var qualifying = new List<Effect>();
        foreach (var promotion in request.Promotions.OrderBy(p => p.Code, StringComparer.Ordinal))
        {
            var reason = Disqualify(promotion, request);
            var effect = reason is null ? EffectOf(promotion, request.Lines, selected, standard) : null;
            if (effect is null)
            {
                rejected.Add(new RejectedPromotion(promotion.Code, reason ?? RejectionReasons.NotApplicable));
                continue;
            }
            qualifying.Add(effect);
        }

        var goods = qualifying.Where(e => e.LineDiscounts is not null)
            .OrderByDescending(e => e.Discount)
            .ThenBy(e => e.Promotion.Code, StringComparer.Ordinal)
            .FirstOrDefault();
        // Every free shipping saves the same amount, so the first code is as good as any and stable.
        var freeShipping = qualifying.FirstOrDefault(e => e.LineDiscounts is null);
        var applied = new[] { goods, freeShipping }.OfType<Effect>().ToList();
        rejected.AddRange(qualifying.Except(applied).Select(e => new RejectedPromotion(e.Promotion.Code, RejectionReasons.NotCombinable)));
        return (applied, [.. rejected.OrderBy(r => r.Code, StringComparer.Ordinal)]);
    }

    /// <summary>Why a promotion cannot apply to this cart at all, checked in the order docs/pricing.md gives; null when it may.</summary>
    private static string? Disqualify(Promotion promotion, PricingRequest request)
    {
        var usage = request.Usage.GetValueOrDefault(promotion.Code) ?? PromotionUsage.None;
        var inScope = request.Lines.Where(promotion.Scope.Covers).ToList();
        return promotion switch
        {
            _ when promotion.Currency != request.Currency => RejectionReasons.CurrencyMismatch,
            { StartsAt: { } starts } when request.At < starts => RejectionReasons.NotStarted,
            { EndsAt: { } ends } when request.At >= ends => RejectionReasons.Expired,
            { TotalLimit: { } limit } when usage.TotalUsed >= limit => RejectionReasons.UsageLimitReached,
            { PerMemberLimit: { } limit } when usage.MemberUsed >= limit => RejectionReasons.MemberLimitReached,
            _ when inScope.Count == 0 => RejectionReasons.NotApplicable,
            _ when inScope.Sum(line => line.Subtotal) < promotion.MinSubtotal => RejectionReasons.MinimumNotMet,
            _ => null,
        };
    }

    /// <summary>What a qualifying promotion gives this cart, or null when it gives nothing.</summary>
    private static Effect? EffectOf(Promotion promotion, IReadOnlyList<PricingLine> lines, ShippingQuote selected, ShippingQuote? standard)
    {
        if (promotion.Benefit is PromotionBenefit.FreeShipping)
        {
            var saved = Math.Min(selected.Amount, standard?.Amount ?? 0);
            return saved > 0 ? new Effect(promotion, null, 0, saved) : null;
        }

        var discounts = new long[lines.Count];
        if (promotion.Benefit is PromotionBenefit.BuyXGetY(var buy, var get))
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (promotion.Scope.Covers(lines[i]))
                {
                    discounts[i] = lines[i].Quantity / ((long)buy + get) * get * lines[i].UnitPrice;
                }
            }
        }
        else
        {
            // Ties in the split go to the smaller SKU rather than the earlier line, so reordering a cart changes nothing.
            var scoped = Enumerable.Range(0, lines.Count)
                .Where(i => promotion.Scope.Covers(lines[i]))
                .OrderBy(i => lines[i].Sku, StringComparer.Ordinal)
                .ToList();
            var scopeSubtotal = scoped.Sum(i => lines[i].Subtotal);
            var total = promotion.Benefit switch
            {
                PromotionBenefit.PercentOff(var basisPoints) => RoundHalfUp(scopeSubtotal * basisPoints, 10_000),
                PromotionBenefit.AmountOff(var amount) => Math.Min(amount, scopeSubtotal),
                _ => throw new ArgumentException($"Unknown benefit {promotion.Benefit}.", nameof(promotion)),
            };
            var parts = Shares.Allocate(total, [.. scoped.Select(i => lines[i].Subtotal)]);
            for (var k = 0; k < scoped.Count; k++)
            {
                discounts[scoped[k]] = parts[k];
            }
        }
        var discount = discounts.Sum();
        return discount > 0 ? new Effect(promotion, discounts, discount, 0) : null;
    }

    private static long RoundHalfUp(long numerator, long denominator) => (numerator + denominator / 2) / denominator;

    private static void CheckInvariants(PricingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Lines.Count is 0 or > PricingLimits.MaxLines)
        {
            throw new ArgumentException($"A priced cart has 1 to {PricingLimits.MaxLines} lines.", nameof(request));
        }
        if (request.Lines.DistinctBy(line => line.Sku, StringComparer.Ordinal).Count() != request.Lines.Count)
        {
            throw new ArgumentException("A SKU appears on one line only.", nameof(request));
        }
        foreach (var line in request.Lines)
        {
            if (line.Quantity is < 1 or > PricingLimits.MaxQuantity
                || line.UnitPrice is < 0 or > PricingLimits.MaxUnitPrice
                || line.UnitWeightGrams is < 0 or > PricingLimits.MaxUnitWeightGrams)
            {
                throw new ArgumentException($"Line {line.Sku} is outside the pricing limits.", nameof(request));
            }
        }
        if (request.Promotions.DistinctBy(p => p.Code, StringComparer.Ordinal).Count() != request.Promotions.Count)
        {
            throw new ArgumentException("A promotion code appears once.", nameof(request));
        }
        foreach (var promotion in request.Promotions)
        {
            var valid = promotion.MinSubtotal >= 0 && promotion.Benefit switch
            {
                PromotionBenefit.PercentOff(var basisPoints) => basisPoints is >= 1 and <= 10_000,
                PromotionBenefit.AmountOff(var amount) => amount > 0,
                PromotionBenefit.BuyXGetY(var buy, var get) => buy >= 1 && get >= 1,
                PromotionBenefit.FreeShipping => true,
                _ => false,
            };
            if (!valid)
            {
                throw new ArgumentException($"Promotion {promotion.Code} has an invalid benefit or minimum.", nameof(request));
            }
        }
    }
}
