namespace Shop.Bench;

/// <summary>
/// One measurement's samples, sorted once. Percentiles are nearest-rank: p99 of fewer than 100
/// samples is the maximum, which is what a reader should take it for.
/// </summary>
internal sealed class Distribution
{
    private readonly double[] _sorted;

    public Distribution(IEnumerable<double> samples)
    {
        _sorted = [.. samples];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double Min => Count == 0 ? double.NaN : _sorted[0];

    public double Max => Count == 0 ? double.NaN : _sorted[^1];

    public double Median => Percentile(50);

    public double Mean => Count == 0 ? double.NaN : _sorted.Average();

    public double Sum => _sorted.Sum();

    public int CountAbove(double value) => _sorted.Count(sample => sample > value);

    public double Percentile(double percent)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(percent / 100 * Count);
        return _sorted[Math.Clamp(rank, 1, Count) - 1];
    }
}
