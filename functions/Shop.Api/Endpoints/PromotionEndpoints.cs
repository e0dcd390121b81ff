using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Pricing;
using Shop.Core.Promotions;

namespace Shop.Api.Endpoints;

public sealed record PromotionResponse(
    string Code,
    string Description,
    string Type,
    int? PercentOff,
    long? AmountOff,
    int? Buy,
    int? Get,
    string Currency,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    long MinSubtotal,
    IReadOnlyList<string> CategoryIds,
    IReadOnlyList<string> SellerIds,
    int? TotalLimit,
    int? PerMemberLimit);

/// <summary>Admins define promotion codes.</summary>
public static class PromotionEndpoints
{
    public static void MapPromotionEndpoints(this IEndpointRouteBuilder app)
    {
        var promotions = app.MapGroup("/admin/promotions").RequireAccess(Access.Admin).WithTags("Promotions");

        promotions.MapPut("/{code}", async Task<IResult> (string code, HttpContext http, SavePromotion save, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, PromotionJsonContext.Default.PromotionInput);
            return problem ?? TypedResults.Ok(ToResponse(await save.HandleAsync(code, body!, cancellationToken)));
        })
        .WithName("SavePromotion")
        .WithSummary("Creates or replaces a promotion code: type percent_off (percentOff 1–100), amount_off (amountOff, minor units), free_shipping or buy_x_get_y (buy, get); "
            + "optional startsAt/endsAt, minSubtotal, categoryIds/sellerIds scope, totalLimit, perMemberLimit.")
        .Accepts<PromotionInput>("application/json")
        .Produces<PromotionResponse>()
        .ProducesValidationProblem();

        promotions.MapGet("/{code}", async Task<IResult> (string code, SavePromotion promotions, CancellationToken cancellationToken) =>
            TypedResults.Ok(ToResponse(await promotions.GetAsync(code, cancellationToken))))
        .WithName("GetPromotion")
        .WithSummary("One promotion code's definition.")
        .Produces<PromotionResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static PromotionResponse ToResponse(Promotion p)
    {
        var (type, percent, amount, buy, get) = p.Benefit switch
        {
            PromotionBenefit.PercentOff off => (PromotionTypes.PercentOff, (int?)(off.BasisPoints / 100), (long?)null, (int?)null, (int?)null),
            PromotionBenefit.AmountOff off => (PromotionTypes.AmountOff, null, off.Amount, null, null),
            PromotionBenefit.BuyXGetY deal => (PromotionTypes.BuyXGetY, null, null, deal.Buy, deal.Get),
            _ => (PromotionTypes.FreeShipping, null, null, null, null),
        };
        return new PromotionResponse(p.Code, p.Description, type, percent, amount, buy, get, p.Currency, p.StartsAt, p.EndsAt, p.MinSubtotal,
            p.Scope.CategoryIds, p.Scope.SellerIds, p.TotalLimit, p.PerMemberLimit);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PromotionInput))]
[JsonSerializable(typeof(PromotionResponse))]
internal sealed partial class PromotionJsonContext : JsonSerializerContext;
