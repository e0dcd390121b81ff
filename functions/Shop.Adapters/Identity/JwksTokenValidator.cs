using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Shop.Adapters.Identity;

/// <summary>What a token must satisfy besides its signature.</summary>
/// <param name="Audiences">Accepted when the token's <c>aud</c> or (Cognito access tokens) <c>client_id</c> is one of them.</param>
/// <param name="TokenUse">Cognito's <c>token_use</c> claim (<c>access</c>), or null to accept any.</param>
public sealed record JwtRules(string Issuer, IReadOnlySet<string> Audiences, string? TokenUse, TimeSpan ClockSkew);

/// <summary>A token whose signature and claims checked out.</summary>
public sealed record ValidatedToken(IReadOnlyDictionary<string, JsonElement> Claims)
{
    public string? Text(string claim) => Claims.TryGetValue(claim, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IReadOnlyList<string> Texts(string claim) => Claims.TryGetValue(claim, out var value) && value.ValueKind == JsonValueKind.Array
        ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
        : Text(claim) is { } single ? [single] : [];
}

public sealed record TokenCheck(ValidatedToken? Token, string? Failure)
{
    public bool IsValid => Token is not null;
}

/// <summary>
/// Validates RS256 JSON Web Tokens against a JWKS document (a Cognito user pool's): the header must
/// name RS256 and a known key (no <c>none</c>, no HMAC), the signature must verify, and issuer,
/// audience or client, token use, expiry and not-before must hold. Keys are fetched on first use
/// and again when a token names an unknown key id (at most once a minute), which is how key
/// rotation reaches a warm function.
/// </summary>
public sealed class JwksTokenValidator(HttpClient http, Uri jwksUri, TimeProvider? time = null)
{
    private static readonly TimeSpan RefetchInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, RSAParameters> _keys = new(StringComparer.Ordinal);
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public async Task<TokenCheck> ValidateAsync(string token, JwtRules rules, CancellationToken cancellationToken)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            return Fail("not a signed JWT (three non-empty parts)");
        }
        if (!TryReadJson(parts[0], out var header) || !TryReadJson(parts[1], out var payload))
        {
            return Fail("header or payload is not base64url JSON");
        }
        using (header)
        using (payload)
        {
            var alg = Property(header!.RootElement, "alg");
            var kid = Property(header.RootElement, "kid");
            if (alg != "RS256")
            {
                return Fail($"algorithm '{alg}' is not accepted");
            }
            if (kid is null || await KeyAsync(kid, cancellationToken) is not { } key)
            {
                return Fail("unknown signing key");
            }
            if (!Verify(key, parts))
            {
                return Fail("signature does not verify");
            }
            var claims = payload!.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
            var failure = CheckClaims(new ValidatedToken(claims), rules);
            return failure is null ? new TokenCheck(new ValidatedToken(claims), null) : Fail(failure);
        }
    }

    private string? CheckClaims(ValidatedToken token, JwtRules rules)
    {
        var now = _time.GetUtcNow();
        if (token.Text("iss") != rules.Issuer)
        {
            return "issuer does not match";
        }
        if (!token.Claims.TryGetValue("exp", out var exp) || exp.ValueKind != JsonValueKind.Number
            || DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) + rules.ClockSkew <= now)
        {
            return "expired or without expiry";
        }
        if (token.Claims.TryGetValue("nbf", out var nbf) && nbf.ValueKind == JsonValueKind.Number
            && DateTimeOffset.FromUnixTimeSeconds(nbf.GetInt64()) - rules.ClockSkew > now)
        {
            return "not valid yet";
        }
        if (!token.Texts("aud").Concat(token.Texts("client_id")).Any(rules.Audiences.Contains))
        {
            return "audience or client does not match";
        }
        if (rules.TokenUse is { } use && token.Text("token_use") != use)
        {
            return $"token_use is not '{use}'";
        }
        return token.Text("sub") is { Length: > 0 } ? null : "no subject";
    }

    private static bool Verify(RSAParameters key, string[] parts)
    {
        var signature = Decode(parts[2]);
        if (signature is null)
        {
            return false;
        }
        using var rsa = RSA.Create(key);
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        return rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private async Task<RSAParameters?> KeyAsync(string kid, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(kid, out var key))
        {
            return key;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_keys.ContainsKey(kid) && _time.GetUtcNow() - _fetchedAt >= RefetchInterval)
            {
                _keys = await FetchKeysAsync(cancellationToken);
                _fetchedAt = _time.GetUtcNow();
            }
            return _keys.TryGetValue(kid, out key) ? key : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<string, RSAParameters>> FetchKeysAsync(CancellationToken cancellationToken)
    {
        await using var body = await http.GetStreamAsync(jwksUri, cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var keys = new Dictionary<string, RSAParameters>(StringComparer.Ordinal);
        foreach (var jwk in document.RootElement.GetProperty("keys").EnumerateArray())
        {
            if (Property(jwk, "kty") == "RSA" && Property(jwk, "kid") is { } kid
                && Decode(Property(jwk, "n")) is { } modulus && Decode(Property(jwk, "e")) is { } exponent)
            {
                keys[kid] = new RSAParameters { Modulus = modulus, Exponent = exponent };
            }
        }
        return keys;
    }

    private static bool TryReadJson(string part, out JsonDocument? document)
    {
        document = null;
        var bytes = Decode(part);
        if (bytes is null)
        {
            return false;
        }
        try
        {
            document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return true;
            }
            document.Dispose();
            document = null;
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[]? Decode(string? base64Url)
    {
        if (base64Url is null)
        {
            return null;
        }
        try
        {
            return Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Property(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static TokenCheck Fail(string reason) => new(null, reason);
}
