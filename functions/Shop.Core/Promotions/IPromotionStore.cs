using Shop.Core.Pricing;

namespace Shop.Core.Promotions;

/// <summary>Promotion definitions by code (the table); how often each was used is counted with the orders (<see cref="IPromotionUsageStore"/>).</summary>
public interface IPromotionStore
{
    Task<Promotion?> FindAsync(string code, CancellationToken cancellationToken);

    /// <summary>The promotions of these codes that exist, in no particular order.</summary>
    Task<IReadOnlyList<Promotion>> FindManyAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken);

    /// <summary>Creates the promotion or replaces the one with its code.</summary>
    Task SaveAsync(Promotion promotion, CancellationToken cancellationToken);
}

/// <summary>How many orders used each code, in all and by one member: redemptions are written in the order's own transaction.</summary>
public interface IPromotionUsageStore
{
    Task<IReadOnlyDictionary<string, PromotionUsage>> GetUsageAsync(IReadOnlyCollection<string> codes, string? memberId, CancellationToken cancellationToken);
}

/// <summary>Codes are case-insensitive for shoppers and stored upper case.</summary>
public static class PromotionCodes
{
    public const int MaxLength = 32;

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    public static bool IsValid(string code) =>
        code.Length is > 0 and <= MaxLength && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
