using Microsoft.AspNetCore.Authentication;
using Shop.Adapters.Configuration;
using Shop.Adapters.Identity;
using Shop.Api.Http;
using Shop.Core.Identity;
using Shop.Lambda.Aws.Cognito;

namespace Shop.Api.Security;

public static class SecurityComposition
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Bearer tokens of the user pool, one policy per <see cref="Access"/> level, and the blocked-user refusal.</summary>
    public static IServiceCollection AddShopSecurity(this IServiceCollection services, ShopSettings settings)
    {
        services.AddSingleton(provider =>
        {
            var pool = provider.GetRequiredService<UserPool>();
            return new JwtRules(pool.Issuer, new HashSet<string>(StringComparer.Ordinal) { pool.ClientId }, "access", ClockSkew);
        });
        services.AddSingleton(provider => new JwksTokenValidator(
            provider.GetRequiredService<HttpClient>(),
            provider.GetRequiredService<CognitoIdentityProviderClient>().JwksUri(provider.GetRequiredService<UserPool>().Id)));
        services.AddSingleton<UserStatusCheck>();
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AccessExtensions.PolicyName(Access.Member), policy => policy.RequireAuthenticatedUser())
            .AddPolicy(AccessExtensions.PolicyName(Access.Seller), policy => policy.RequireClaim(ShopClaims.Group, Roles.Seller))
            .AddPolicy(AccessExtensions.PolicyName(Access.Fulfillment), policy => policy.RequireClaim(ShopClaims.Group, Roles.Fulfillment, Roles.Admin))
            .AddPolicy(AccessExtensions.PolicyName(Access.Admin), policy => policy.RequireClaim(ShopClaims.Group, Roles.Admin));
        return services;
    }

    public static WebApplication UseShopSecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseBlockedUserRefusal();
        app.UseAuthorization();
        return app;
    }
}
