namespace Shop.Core.Pricing;

/// <summary>A weight bracket: carts up to <see cref="UpToGrams"/> (inclusive) ship for <see cref="Amount"/>.</summary>
public sealed record ShippingBracket(int UpToGrams, long Amount);

/// <summary>
/// What one option costs to one zone: the amount of the first bracket the cart's weight fits in;
/// above the last bracket, its amount plus <see cref="PerExtraKilogram"/> for every started kilogram beyond it.
/// </summary>
public sealed record ShippingRate(string Option, string Zone, IReadOnlyList<ShippingBracket> Brackets, long PerExtraKilogram, int MinDays, int MaxDays)
{
    public long PriceFor(int weightGrams)
    {
        foreach (var bracket in Brackets)
        {
            if (weightGrams <= bracket.UpToGrams)
            {
                return bracket.Amount;
            }
        }
        var last = Brackets[^1];
        var startedKilograms = ((long)weightGrams - last.UpToGrams + 999) / 1000;
        return last.Amount + startedKilograms * PerExtraKilogram;
    }
}

/// <summary>
/// Where the shop ships and what it costs: countries grouped in zones, and per option and zone a
/// price by the cart's total weight. Free shipping is never automatic; only a promotion gives it.
/// </summary>
public sealed class ShippingRates
{
    public const string Standard = "standard";
    public const string Express = "express";

    public const string Domestic = "domestic";
    public const string Eu = "eu";
    public const string World = "world";

    /// <summary>The country the shop ships from: its own zone, cheaper and faster than the rest of the EU.</summary>
    public const string HomeCountry = "DE";

    public static readonly IReadOnlyList<string> EuCountries =
    [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
        "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ];

    public static readonly IReadOnlyList<string> WorldCountries = ["CH", "GB", "NO", "US"];

    private readonly Dictionary<string, string> _zones;
    private readonly IReadOnlyList<ShippingRate> _rates;

    /// <param name="currency">The currency every amount of the table is in.</param>
    /// <param name="zoneByCountry">Each country the shop ships to, and its zone.</param>
    /// <param name="rates">At most one rate per option and zone, brackets in increasing weight; their order is the order options are offered in.</param>
    public ShippingRates(string currency, IReadOnlyDictionary<string, string> zoneByCountry, IReadOnlyList<ShippingRate> rates)
    {
        ArgumentException.ThrowIfNullOrEmpty(currency);
        foreach (var rate in rates)
        {
            if (rate.Brackets.Count == 0 || rate.PerExtraKilogram < 0 || rate.MinDays < 0 || rate.MaxDays < rate.MinDays
                || rate.Brackets.Any(b => b.Amount < 0)
                || rate.Brackets.Zip(rate.Brackets.Skip(1)).Any(pair => pair.First.UpToGrams >= pair.Second.UpToGrams))
            {
                throw new ArgumentException($"The {rate.Option} rate to {rate.Zone} needs brackets of increasing weight and no negative amounts or days.", nameof(rates));
            }
        }
        if (rates.CountBy(r => (r.Option, r.Zone)).Any(count => count.Value > 1))
        {
            throw new ArgumentException("Two rates for the same option and zone.", nameof(rates));
        }
        Currency = currency;
        _zones = new Dictionary<string, string>(zoneByCountry, StringComparer.Ordinal);
        _rates = [.. rates];
        Options = [.. rates.Select(r => r.Option).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// In EUR cents. Express costs about twice standard and takes a day or two; above 20 kg every
    /// started kilogram is charged, so a heavy cart is never shipped below cost.
    /// </summary>
    public static ShippingRates Default { get; } = new(
        "EUR",
        EuCountries.Select(c => (c, Zone: c == HomeCountry ? Domestic : Eu))
            .Concat(WorldCountries.Select(c => (c, Zone: World)))
            .ToDictionary(pair => pair.c, pair => pair.Zone, StringComparer.Ordinal),
        [
            new(Standard, Domestic, [new(1_000, 490), new(5_000, 690), new(20_000, 1190)], 50, 2, 3),
            new(Standard, Eu, [new(1_000, 990), new(5_000, 1490), new(20_000, 2990)], 100, 3, 6),
            new(Standard, World, [new(1_000, 1990), new(5_000, 3490), new(20_000, 6990)], 300, 6, 12),
            new(Express, Domestic, [new(1_000, 990), new(5_000, 1290), new(20_000, 1990)], 100, 1, 1),
            new(Express, Eu, [new(1_000, 1990), new(5_000, 2990), new(20_000, 4990)], 200, 1, 3),
            new(Express, World, [new(1_000, 3990), new(5_000, 5990), new(20_000, 11990)], 500, 2, 5),
        ]);

    public string Currency { get; }

    /// <summary>Every option the table knows, in the order it offers them.</summary>
    public IReadOnlyList<string> Options { get; }

    /// <summary>The zone of an ISO 3166-1 alpha-2 country, or null when the shop does not ship there.</summary>
    public string? ZoneOf(string country) => _zones.GetValueOrDefault(country);

    /// <summary>Every option offered to <paramref name="zone"/>, priced for a cart of <paramref name="weightGrams"/>.</summary>
    public IReadOnlyList<ShippingQuote> Quote(string zone, int weightGrams) =>
        [.. _rates.Where(r => r.Zone == zone).Select(r => new ShippingQuote(r.Option, r.PriceFor(weightGrams), r.MinDays, r.MaxDays))];
}
