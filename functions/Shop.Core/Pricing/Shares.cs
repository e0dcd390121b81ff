namespace Shop.Core.Pricing;

/// <summary>Splitting an amount of minor units so the parts add up to it exactly.</summary>
public static class Shares
{
    /// <summary>
    /// <paramref name="amount"/> split in proportion to <paramref name="weights"/> by largest remainder:
    /// each part is rounded down, then the units left over go one each to the parts with the largest
    /// remainders, ties to the lower index. A part never exceeds its weight when amount ≤ the weights' sum.
    /// </summary>
    public static long[] Allocate(long amount, IReadOnlyList<long> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var parts = new long[weights.Count];
        var total = weights.Sum();
        if (amount == 0)
        {
            return parts;
        }
        if (total <= 0 || weights.Any(w => w < 0))
        {
            throw new ArgumentException("An amount can only be split over non-negative weights with a positive sum.", nameof(weights));
        }
        // A full cart's subtotal times a line's subtotal overflows a long; Int128 keeps it exact.
        var remainders = new Int128[weights.Count];
        var given = 0L;
        for (var i = 0; i < weights.Count; i++)
        {
            var product = (Int128)amount * weights[i];
            parts[i] = (long)(product / total);
            remainders[i] = product % total;
            given += parts[i];
        }
        var leftOver = amount - given;
        foreach (var i in Enumerable.Range(0, weights.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)leftOver))
        {
            parts[i]++;
        }
        return parts;
    }
}
