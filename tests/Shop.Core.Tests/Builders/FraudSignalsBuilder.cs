using Shop.Core.Fraud;

namespace Shop.Core.Tests.Builders;

/// <summary>
/// Fraud signals that score 0 under the default thresholds: a member of over a year with twelve
/// completed orders averaging 60 EUR orders 55 EUR to an address they used before, in Germany,
/// billed and browsing from Germany, with no other recent orders. Tests add risk with <c>with</c>.
/// </summary>
public static class FraudSignalsBuilder
{
    public static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    public static FraudSignals ARegularOrder() => new(
        OrderId: "o-1",
        MemberId: "m-1",
        Amount: 5_500,
        Currency: "EUR",
        PaymentToken: "tok-1",
        At: Now,
        MemberSince: Now.AddDays(-400),
        MemberOrdersLastHour: 0,
        MemberOrdersLastDay: 0,
        TokenOrdersLastDay: 0,
        TokenMembersLastDay: 0,
        MemberAverageOrderAmount: 6_000,
        MemberCompletedOrders: 12,
        ShippingCountry: "DE",
        BillingCountry: "DE",
        IpCountry: "DE",
        ShippingAddressUsedBefore: true);

    /// <summary>A member who signed up long ago but never completed an order: no history to compare with.</summary>
    public static FraudSignals AFirstOrder() => ARegularOrder() with { MemberAverageOrderAmount = 0, MemberCompletedOrders = 0, ShippingAddressUsedBefore = false };
}
