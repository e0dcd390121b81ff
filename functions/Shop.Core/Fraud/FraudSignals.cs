namespace Shop.Core.Fraud;

/// <summary>
/// Everything the fraud score depends on, gathered by the caller (the checkout saga's fraud-check
/// task reads the order database and the member's profile), so assessing is a pure function of it.
/// Amounts are minor units of <see cref="Currency"/>. Every count is of <b>other</b> orders placed
/// before this one, whatever became of them (a refused attempt is still an attempt), never this
/// order itself: a member's first order has all counts zero.
/// </summary>
/// <param name="Amount">What the order charges, in minor units.</param>
/// <param name="At">When the order was placed; the only "now" the assessment knows.</param>
/// <param name="MemberSince">When the member's account was created.</param>
/// <param name="MemberOrdersLastHour">The member's other orders in the hour before <paramref name="At"/>; at most <paramref name="MemberOrdersLastDay"/>.</param>
/// <param name="MemberOrdersLastDay">The member's other orders in the 24 hours before <paramref name="At"/>.</param>
/// <param name="TokenOrdersLastDay">Other orders paid with <paramref name="PaymentToken"/> in the last 24 hours, by any member.</param>
/// <param name="TokenMembersLastDay">Distinct members other than this one who paid with <paramref name="PaymentToken"/> in the last 24 hours; at most <paramref name="TokenOrdersLastDay"/>.</param>
/// <param name="MemberAverageOrderAmount">The average amount of the member's completed orders; 0 when there are none.</param>
/// <param name="MemberCompletedOrders">How many of the member's orders completed (paid and not cancelled); 0 makes this their first order.</param>
/// <param name="ShippingCountry">ISO 3166-1 alpha-2, as every country here.</param>
/// <param name="BillingCountry">The payment method's billing country; null when the payment provider did not say.</param>
/// <param name="IpCountry">Where the request came from; null when it could not be located.</param>
/// <param name="ShippingAddressUsedBefore">Whether one of the member's earlier orders shipped to this address.</param>
public sealed record FraudSignals(
    string OrderId,
    string MemberId,
    long Amount,
    string Currency,
    string PaymentToken,
    DateTimeOffset At,
    DateTimeOffset MemberSince,
    int MemberOrdersLastHour,
    int MemberOrdersLastDay,
    int TokenOrdersLastDay,
    int TokenMembersLastDay,
    long MemberAverageOrderAmount,
    int MemberCompletedOrders,
    string ShippingCountry,
    string? BillingCountry,
    string? IpCountry,
    bool ShippingAddressUsedBefore);
