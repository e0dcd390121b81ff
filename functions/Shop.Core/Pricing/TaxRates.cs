namespace Shop.Core.Pricing;

/// <summary>
/// The VAT rate charged by destination country, in basis points (1900 = 19 %). Catalog prices are
/// tax-exclusive and the rate is the destination's (EU one-stop shop), so a rate missing here
/// means the shop cannot sell to that country.
/// </summary>
public sealed class TaxRates
{
    private readonly Dictionary<string, int> _rates;

    public TaxRates(IReadOnlyDictionary<string, int> basisPointsByCountry)
    {
        if (basisPointsByCountry.Values.Any(rate => rate is < 0 or > 10_000))
        {
            throw new ArgumentException("Rates are 0 to 10000 basis points.", nameof(basisPointsByCountry));
        }
        _rates = new Dictionary<string, int>(basisPointsByCountry, StringComparer.Ordinal);
    }

    /// <summary>
    /// Standard rates as of 2025 (reduced rates for books or food are not modelled). Outside the EU:
    /// the rates the shop is registered to collect at sale (GB, CH, NO); the US has no VAT.
    /// </summary>
    public static TaxRates Default { get; } = new(new Dictionary<string, int>
    {
        ["AT"] = 2000, ["BE"] = 2100, ["BG"] = 2000, ["CY"] = 1900, ["CZ"] = 2100, ["DE"] = 1900,
        ["DK"] = 2500, ["EE"] = 2400, ["ES"] = 2100, ["FI"] = 2550, ["FR"] = 2000, ["GR"] = 2400,
        ["HR"] = 2500, ["HU"] = 2700, ["IE"] = 2300, ["IT"] = 2200, ["LT"] = 2100, ["LU"] = 1700,
        ["LV"] = 2100, ["MT"] = 1800, ["NL"] = 2100, ["PL"] = 2300, ["PT"] = 2300, ["RO"] = 2100,
        ["SE"] = 2500, ["SI"] = 2200, ["SK"] = 2300,
        ["CH"] = 810, ["GB"] = 2000, ["NO"] = 2500, ["US"] = 0,
    });

    public int? RateFor(string country) => _rates.TryGetValue(country, out var rate) ? rate : null;
}
