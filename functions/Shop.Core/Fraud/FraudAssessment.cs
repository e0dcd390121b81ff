namespace Shop.Core.Fraud;

/// <summary>
/// What the checkout saga does with an order: go on, hold it for a person to look at, or refuse it.
/// Declared in increasing order of risk.
/// </summary>
public enum FraudDecision
{
    Approve,
    Review,
    Reject,
}

/// <summary>A rule that fired, and the points it added; <see cref="Code"/> is one of <see cref="FraudReasons"/>.</summary>
public sealed record FraudReason(string Code, int Points);

/// <summary>
/// An order's fraud score, 0 to 100, the decision the thresholds make of it, and the rules that
/// fired, in the order docs/fraud.md lists them. <see cref="Score"/> is the sum of the reasons'
/// points, capped at 100, so a reviewer can always see why.
/// </summary>
public sealed record FraudAssessment(int Score, FraudDecision Decision, IReadOnlyList<FraudReason> Reasons);

/// <summary>Stable, machine-readable codes for a <see cref="FraudReason"/>: reviewers' tools and dashboards key on them.</summary>
public static class FraudReasons
{
    public const string MemberVelocityHour = "member_velocity_hour";
    public const string MemberVelocityDay = "member_velocity_day";
    public const string TokenVelocity = "token_velocity";
    public const string TokenSharedByMembers = "token_shared_by_members";
    public const string AmountAboveHistory = "amount_above_history";
    public const string FirstOrderHighAmount = "first_order_high_amount";
    public const string NewAccount = "new_account";
    public const string AddressMismatch = "address_mismatch";
    public const string IpCountryMismatch = "ip_country_mismatch";
    public const string NewShippingAddress = "new_shipping_address";
}
