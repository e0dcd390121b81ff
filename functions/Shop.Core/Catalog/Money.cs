namespace Shop.Core.Catalog;

/// <summary>An amount in the currency's minor units (cents) and its ISO 4217 code: never a floating-point price.</summary>
public sealed record Money(long Amount, string Currency)
{
    public const long MaxAmount = 100_000_000;
}
