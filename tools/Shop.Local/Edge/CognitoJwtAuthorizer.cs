using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Adapters.Identity;
using Shop.Local.Deploy;

namespace Shop.Local.Edge;

/// <summary>
/// API Gateway's JWT authorizer, locally: the token from the identity source (the Authorization
/// header, "Bearer " optional), its signature against the issuer's JWKS (a moto user pool's, fetched
/// through moto), the issuer, expiry, and <c>aud</c> or <c>client_id</c> against the audiences. Like
/// API Gateway it passes claims on as strings.
/// </summary>
public sealed class CognitoJwtAuthorizer(HttpClient http, Uri moto) : IJwtAuthorizer
{
    private readonly ConcurrentDictionary<string, JwksTokenValidator> _validators = new(StringComparer.Ordinal);

    public async Task<JwtAuthorization> AuthorizeAsync(HttpApiAuthorizer authorizer, IHeaderDictionary headers, CancellationToken cancellationToken)
    {
        var header = authorizer.IdentitySource.StartsWith("$request.header.", StringComparison.Ordinal)
            ? headers[authorizer.IdentitySource["$request.header.".Length..]].ToString()
            : "";
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : header.Trim();
        if (token.Length == 0)
        {
            return JwtAuthorization.Unauthorized;
        }
        var poolId = authorizer.Issuer.TrimEnd('/').Split('/').Last();
        var validator = _validators.GetOrAdd(poolId, id => new JwksTokenValidator(http, new Uri(moto, $"/{id}/.well-known/jwks.json")));
        var rules = new JwtRules(authorizer.Issuer, authorizer.Audiences.ToHashSet(StringComparer.Ordinal), TokenUse: null, ClockSkew: TimeSpan.Zero);
        var check = await validator.ValidateAsync(token, rules, cancellationToken);
        return check.Token is null ? JwtAuthorization.Unauthorized : new JwtAuthorization(Claims(check.Token));
    }

    private static JsonObject Claims(ValidatedToken token)
    {
        var claims = new JsonObject();
        foreach (var (name, value) in token.Claims)
        {
            claims[name] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Array => "[" + string.Join(' ', value.EnumerateArray().Select(v => v.ToString())) + "]",
                _ => value.ToString(),
            };
        }
        return claims;
    }
}
