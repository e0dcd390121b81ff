using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Shop.Core.Payments;

namespace Shop.Adapters.Payments;

/// <summary>
/// Stripe's documented webhook signature scheme, which the sandbox uses too: the header is
/// <c>t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;...]</c>, each <c>v1</c> an HMAC-SHA256 keyed
/// with the endpoint's secret (its UTF-8 bytes, <c>whsec_</c> prefix included) over
/// <c>"&lt;t&gt;.&lt;raw body&gt;"</c>. Any one matching <c>v1</c> is enough (while a secret is rolled,
/// Stripe signs with the old and the new); other schemes (<c>v0</c>) are ignored; the timestamp
/// must lie within the tolerance of now, so a captured request cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(300);

    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        return $"t={seconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Compute(secret, seconds, body))}";
    }

    /// <summary>Throws <see cref="InvalidWebhookSignatureException"/> unless <paramref name="header"/> signs <paramref name="body"/> with <paramref name="secret"/>, recently.</summary>
    public static void Verify(string? header, string secret, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new InvalidWebhookSignatureException("The webhook carries no signature.");
        }
        long? timestamp = null;
        var signatures = new List<byte[]>();
        foreach (var element in header.Split(','))
        {
            var separator = element.IndexOf('=');
            if (separator <= 0)
            {
                continue;
            }
            var name = element[..separator].Trim();
            var value = element[(separator + 1)..].Trim();
            if (name == "t" && timestamp is null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                timestamp = seconds;
            }
            else if (name == "v1" && value.Length == 64 && value.All(char.IsAsciiHexDigit))
            {
                signatures.Add(Convert.FromHexString(value));
            }
        }
        if (timestamp is null)
        {
            throw new InvalidWebhookSignatureException("The webhook signature has no timestamp.");
        }
        if (signatures.Count == 0)
        {
            throw new InvalidWebhookSignatureException("The webhook signature has no v1 signature.");
        }
        var expected = Compute(secret, timestamp.Value, body);
        if (!signatures.Any(signature => CryptographicOperations.FixedTimeEquals(signature, expected)))
        {
            throw new InvalidWebhookSignatureException("The webhook signature does not match its body.");
        }
        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp.Value);
        if (age.Duration() > tolerance)
        {
            throw new InvalidWebhookSignatureException($"The webhook was signed {age.TotalSeconds:0} s from now, outside the {tolerance.TotalSeconds:0} s tolerance.");
        }
    }

    /// <summary>A header by name, whatever case the caller's dictionary keeps names in.</summary>
    public static string? Header(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value))
        {
            return value;
        }
        foreach (var (key, candidate) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }
        return null;
    }

    private static byte[] Compute(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
