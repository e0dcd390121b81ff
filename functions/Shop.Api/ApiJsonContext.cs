using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Shop.Api.Endpoints;

namespace Shop.Api;

/// <summary>
/// The platform's types (health, problems). Each feature declares its own context beside its
/// endpoints (request types refuse unknown members there); <see cref="Features"/> lists them all,
/// so every type the Api serializes is known at compile time (Native AOT has no reflection JSON).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
    public static IReadOnlyList<JsonSerializerContext> Features =>
    [
        ApiJsonContext.Default,
        CategoryJsonContext.Default,
        ProductJsonContext.Default,
        SellerProductJsonContext.Default,
        InventoryJsonContext.Default,
        IdentityJsonContext.Default,
        SearchJsonContext.Default,
        CartJsonContext.Default,
        OrderRequestJsonContext.Default,
        OrderJsonContext.Default,
        PromotionJsonContext.Default,
        NotificationJsonContext.Default,
        CheckoutJsonContext.Default,
        UploadJsonContext.Default,
    ];
}
