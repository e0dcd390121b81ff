using Shop.Core.Common;
using Shop.Core.Pricing;

namespace Shop.Core.Promotions;

/// <summary>A promotion as an admin sends it. <c>type</c> picks the benefit and which of its fields apply.</summary>
public sealed record PromotionInput(
    string? Description,
    string? Type,
    int? PercentOff,
    long? AmountOff,
    int? Buy,
    int? Get,
    string? Currency,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    long? MinSubtotal,
    IReadOnlyList<string>? CategoryIds,
    IReadOnlyList<string>? SellerIds,
    int? TotalLimit,
    int? PerMemberLimit);

public static class PromotionTypes
{
    public const string PercentOff = "percent_off";
    public const string AmountOff = "amount_off";
    public const string FreeShipping = "free_shipping";
    public const string BuyXGetY = "buy_x_get_y";

    public static readonly IReadOnlyList<string> All = [PercentOff, AmountOff, FreeShipping, BuyXGetY];
}

/// <summary>An admin creates a promotion code or replaces its definition (usage so far is kept: it is counted with the orders).</summary>
public sealed class SavePromotion(IPromotionStore promotions)
{
    public async Task<Promotion> HandleAsync(string code, PromotionInput input, CancellationToken cancellationToken)
    {
        var promotion = Validate(PromotionCodes.Normalize(code), input);
        await promotions.SaveAsync(promotion, cancellationToken);
        return promotion;
    }

    public async Task<Promotion> GetAsync(string code, CancellationToken cancellationToken) =>
        await promotions.FindAsync(PromotionCodes.Normalize(code), cancellationToken) ?? throw new NotFoundException($"No promotion {code}.");

    private static Promotion Validate(string code, PromotionInput input)
    {
        var validation = new Validation();
        validation.When(!PromotionCodes.IsValid(code), "code", $"Must be 1 to {PromotionCodes.MaxLength} letters, digits, '-' or '_'.");
        validation.When(string.IsNullOrWhiteSpace(input.Description) || input.Description.Length > 200, "description", "Is required, at most 200 characters.");
        validation.When(input.Type is null || !PromotionTypes.All.Contains(input.Type), "type", $"Must be one of: {string.Join(", ", PromotionTypes.All)}.");
        validation.When(input.Currency is null || input.Currency.Length != 3 || !input.Currency.All(char.IsAsciiLetterUpper), "currency", "Must be an ISO 4217 code such as EUR.");
        validation.When(input.Type == PromotionTypes.PercentOff && input.PercentOff is not (>= 1 and <= 100), "percentOff", "Must be from 1 to 100.");
        validation.When(input.Type == PromotionTypes.AmountOff && input.AmountOff is not (>= 1 and <= Catalog.Money.MaxAmount), "amountOff", $"Must be from 1 to {Catalog.Money.MaxAmount} minor units.");
        validation.When(input.Type == PromotionTypes.BuyXGetY && input.Buy is not (>= 1 and <= 98), "buy", "Must be from 1 to 98.");
        validation.When(input.Type == PromotionTypes.BuyXGetY && input.Get is not (>= 1 and <= 98), "get", "Must be from 1 to 98.");
        validation.When(input.StartsAt is not null && input.EndsAt is not null && input.EndsAt <= input.StartsAt, "endsAt", "Must be after startsAt.");
        validation.When(input.MinSubtotal is < 0 or > Catalog.Money.MaxAmount, "minSubtotal", $"Must be from 0 to {Catalog.Money.MaxAmount} minor units.");
        validation.When(input.TotalLimit is < 1, "totalLimit", "Must be at least 1 when given.");
        validation.When(input.PerMemberLimit is < 1, "perMemberLimit", "Must be at least 1 when given.");
        validation.When(input.CategoryIds is { Count: > 50 } || input.CategoryIds?.Any(string.IsNullOrWhiteSpace) == true, "categoryIds", "At most 50 category ids, none blank.");
        validation.When(input.SellerIds is { Count: > 50 } || input.SellerIds?.Any(string.IsNullOrWhiteSpace) == true, "sellerIds", "At most 50 seller ids, none blank.");
        validation.ThrowIfAny();
        PromotionBenefit benefit = input.Type switch
        {
            PromotionTypes.PercentOff => new PromotionBenefit.PercentOff(input.PercentOff!.Value * 100),
            PromotionTypes.AmountOff => new PromotionBenefit.AmountOff(input.AmountOff!.Value),
            PromotionTypes.FreeShipping => new PromotionBenefit.FreeShipping(),
            _ => new PromotionBenefit.BuyXGetY(input.Buy!.Value, input.Get!.Value),
        };
        return new Promotion(code, input.Description!.Trim(), benefit, input.Currency!, input.StartsAt, input.EndsAt, input.MinSubtotal ?? 0,
            new PromotionScope(input.CategoryIds ?? [], input.SellerIds ?? []), input.TotalLimit, input.PerMemberLimit);
    }
}
