using System.Security.Cryptography;
using System.Text;

namespace Shop.Core.Carts;

/// <summary>One SKU in a cart and how many units; the price is the catalog's at the time of reading, never stored here.</summary>
public sealed record CartLine(string Sku, int Quantity, DateTimeOffset AddedAt);

/// <summary>
/// A shopping cart: a guest's (proved by a secret only its creator holds; the table keeps its
/// SHA-256) or a member's (one per member). It expires <see cref="CartLimits.Lifetime"/> after
/// its last change. <see cref="Version"/> grows with every change and every write is conditional on it.
/// </summary>
public sealed record Cart(
    string Id,
    string? MemberId,
    string? SecretHash,
    IReadOnlyList<CartLine> Lines,
    IReadOnlyList<string> PromotionCodes,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    public bool IsGuestCart => MemberId is null;

    public DateTimeOffset ExpiresAt => UpdatedAt + CartLimits.Lifetime;

    public CartLine? FindLine(string sku) => Lines.FirstOrDefault(l => l.Sku == sku);

    /// <summary>This cart after a change made at <paramref name="at"/>: one version later, its expiry pushed back.</summary>
    public Cart Changed(DateTimeOffset at) => this with { UpdatedAt = at, Version = Version + 1 };

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether <paramref name="secret"/> is this guest cart's, compared in constant time.</summary>
    public bool IsProvedBy(string? secret) =>
        SecretHash is not null && secret is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashSecret(secret)), Encoding.ASCII.GetBytes(SecretHash));
}

public static class CartLimits
{
    /// <summary>A cart is kept this long after its last change (the table's TTL removes it).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public const int MaxLines = 50;
    public const int MaxQuantity = 99;
    public const int MaxPromotionCodes = 3;
}

/// <summary>Who is asking for a cart: the signed-in member (if any) and the guest secret they sent (if any).</summary>
public sealed record CartCaller(string? MemberId, string? Secret)
{
    /// <summary>A member's cart is theirs alone; a guest cart is whoever holds its secret's.</summary>
    public bool MayUse(Cart cart) => cart.MemberId is not null ? cart.MemberId == MemberId : cart.IsProvedBy(Secret);
}
