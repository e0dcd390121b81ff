using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Shop.Adapters.Identity;
using Shop.Api.Http;

namespace Shop.Api.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer</c> access tokens of Shop's user pool, whatever sits in
/// front (API Gateway's JWT authorizer checks the same in AWS; the API does not rely on it).
/// Challenges and refusals answer with problem documents.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    JwksTokenValidator validator,
    JwtRules rules) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length == "Bearer ".Length)
        {
            return AuthenticateResult.Fail("The Authorization header is not a bearer token.");
        }
        var check = await validator.ValidateAsync(header["Bearer ".Length..].Trim(), rules, Context.RequestAborted);
        if (!check.IsValid)
        {
            Logger.LogInformation("Refused a bearer token: {Reason}", check.Failure);
            return AuthenticateResult.Fail(check.Failure!);
        }
        var token = check.Token!;
        var claims = new List<Claim> { new(ShopClaims.UserId, token.Text("sub")!) };
        claims.AddRange(token.Texts(ShopClaims.Group).Select(group => new Claim(ShopClaims.Group, group)));
        if (token.Text(ShopClaims.TokenId) is { } jti)
        {
            claims.Add(new Claim(ShopClaims.TokenId, jti));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ShopClaims.UserId, ShopClaims.Group));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Problem(StatusCodes.Status401Unauthorized, Problems.Types.Unauthorized,
            "Sign in first.", "This route needs a valid access token in Authorization: Bearer.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Forbidden("Your account does not have the role this route needs.").ExecuteAsync(Context);
}
