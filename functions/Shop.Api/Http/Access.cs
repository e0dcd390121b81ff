using System.Security.Claims;
using Shop.Core.Identity;

namespace Shop.Api.Http;

/// <summary>Who may call an endpoint. Every endpoint declares one; the OpenAPI document lists it as <c>x-shop-access</c>.</summary>
public enum Access
{
    /// <summary>Anyone, signed in or not.</summary>
    Public,

    /// <summary>Any signed-in user who is not blocked.</summary>
    Member,

    Seller,

    /// <summary>The fulfillment group, or admins.</summary>
    Fulfillment,

    Admin,
}

public sealed record AccessMetadata(Access Access);

public static class AccessExtensions
{
    public const string OpenApiExtension = "x-shop-access";

    /// <summary>Declares who may call the endpoints built by <paramref name="builder"/> and enforces it.</summary>
    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, Access access) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AccessMetadata(access));
        if (access == Access.Public)
        {
            builder.AllowAnonymous();
        }
        else
        {
            builder.RequireAuthorization(PolicyName(access));
        }
        return builder;
    }

    public static string PolicyName(Access access) => access.ToString().ToLowerInvariant();

    /// <summary>The signed-in caller of an endpoint that requires one (its token was validated before the endpoint ran).</summary>
    public static Caller Caller(this HttpContext context) => context.User.ToCaller()
        ?? throw new InvalidOperationException("This endpoint requires a signed-in caller; declare it with RequireAccess.");

    public static Caller? ToCaller(this ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ShopClaims.UserId);
        if (user.Identity?.IsAuthenticated != true || string.IsNullOrEmpty(id))
        {
            return null;
        }
        var roles = user.FindAll(ShopClaims.Group).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Caller(id, roles);
    }
}

/// <summary>Claim types the API's authentication puts on a validated token's principal.</summary>
public static class ShopClaims
{
    public const string UserId = "sub";
    public const string Group = "cognito:groups";
    public const string TokenId = "jti";
}
