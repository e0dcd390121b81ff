namespace Shop.Core.Fraud;

/// <summary>
/// Scores an order's fraud risk for the checkout saga: each rule that fires adds its points, the
/// score is their sum capped at 100, and the thresholds turn it into approve, review or reject.
/// Pure and deterministic (no clock, no I/O, integers only); the rules are in docs/fraud.md.
/// Every rule only looks for risk, so a stronger signal never lowers the score.
/// </summary>
public sealed class AssessFraud
{
    public const int MaxScore = 100;

    public FraudAssessment Assess(FraudSignals signals, FraudThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        thresholds.Validate();
        CheckInvariants(signals, thresholds);

        var reasons = new List<FraudReason>();
        void Rule(bool fires, string code, int points)
        {
            if (fires && points > 0)
            {
                reasons.Add(new FraudReason(code, points));
            }
        }

        var s = signals;
        var t = thresholds;
        var hasHistory = s.MemberCompletedOrders > 0;
        // The identity provider's clock and the database's may disagree by a little; an account
        // "created after" its order is as new as an account can be.
        var accountAge = TimeSpan.FromTicks(Math.Max(0, (s.At - s.MemberSince).Ticks));

        Rule(s.MemberOrdersLastHour > t.MemberOrdersLastHourLimit, FraudReasons.MemberVelocityHour, t.MemberVelocityHourPoints);
        Rule(s.MemberOrdersLastDay > t.MemberOrdersLastDayLimit, FraudReasons.MemberVelocityDay, t.MemberVelocityDayPoints);
        Rule(s.TokenOrdersLastDay > t.TokenOrdersLastDayLimit, FraudReasons.TokenVelocity, t.TokenVelocityPoints);
        Rule(s.TokenMembersLastDay > t.TokenMembersLastDayLimit, FraudReasons.TokenSharedByMembers, t.TokenSharedByMembersPoints);
        Rule(
            hasHistory && s.Amount >= t.AboveHistoryMinAmount && IsAtLeastMultiple(s.Amount, s.MemberAverageOrderAmount, t.AboveHistoryMultipleBasisPoints),
            FraudReasons.AmountAboveHistory,
            t.AmountAboveHistoryPoints);
        Rule(!hasHistory && s.Amount >= t.FirstOrderHighAmount, FraudReasons.FirstOrderHighAmount, t.FirstOrderHighAmountPoints);
        Rule(accountAge < t.NewAccountAge, FraudReasons.NewAccount, t.NewAccountPoints);
        Rule(Differs(s.BillingCountry, s.ShippingCountry), FraudReasons.AddressMismatch, t.AddressMismatchPoints);
        Rule(Differs(s.IpCountry, s.ShippingCountry), FraudReasons.IpCountryMismatch, t.IpCountryMismatchPoints);
        Rule(
            hasHistory && !s.ShippingAddressUsedBefore && s.Amount >= t.NewShippingAddressHighAmount,
            FraudReasons.NewShippingAddress,
            t.NewShippingAddressPoints);

        // Summed in long: weights are only checked for sign, and ten of them near int.MaxValue would wrap.
        var score = (int)Math.Min(MaxScore, reasons.Sum(r => (long)r.Points));
        var decision = score >= t.RejectAt ? FraudDecision.Reject
            : score >= t.ReviewAt ? FraudDecision.Review
            : FraudDecision.Approve;
        return new FraudAssessment(score, decision, reasons);
    }

    /// <summary>amount ≥ average × multiple / 10000, exactly: Int128 keeps the product of two large amounts from overflowing.</summary>
    private static bool IsAtLeastMultiple(long amount, long average, int multipleBasisPoints) =>
        (Int128)amount * 10_000 >= (Int128)average * multipleBasisPoints;

    /// <summary>An unknown country is no evidence either way; case is ignored, so "de" is Germany too.</summary>
    private static bool Differs(string? country, string shippingCountry) =>
        country is not null && !string.Equals(country, shippingCountry, StringComparison.OrdinalIgnoreCase);

    /// <summary>The caller gathered these from the database; values no database could hold are a bug there, not a risk here.</summary>
    private static void CheckInvariants(FraudSignals signals, FraudThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentException.ThrowIfNullOrEmpty(signals.OrderId, nameof(signals));
        ArgumentException.ThrowIfNullOrEmpty(signals.MemberId, nameof(signals));
        ArgumentException.ThrowIfNullOrEmpty(signals.PaymentToken, nameof(signals));
        ArgumentException.ThrowIfNullOrEmpty(signals.ShippingCountry, nameof(signals));
        if (!string.Equals(signals.Currency, thresholds.Currency, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Order {signals.OrderId} is in {signals.Currency}; the thresholds' amounts are in {thresholds.Currency}.", nameof(signals));
        }
        if (signals.Amount < 0 || signals.MemberAverageOrderAmount < 0)
        {
            throw new ArgumentException($"Order {signals.OrderId} has a negative amount or member average.", nameof(signals));
        }
        if (signals.MemberOrdersLastHour < 0 || signals.MemberOrdersLastDay < 0 || signals.TokenOrdersLastDay < 0
            || signals.TokenMembersLastDay < 0 || signals.MemberCompletedOrders < 0)
        {
            throw new ArgumentException($"Order {signals.OrderId} has a negative order count.", nameof(signals));
        }
        // Seventeen positional fields, five of them int counts: these catch counts passed in the wrong place.
        if (signals.MemberOrdersLastHour > signals.MemberOrdersLastDay)
        {
            throw new ArgumentException($"Order {signals.OrderId} counts more member orders in the last hour than in the last day.", nameof(signals));
        }
        if (signals.TokenMembersLastDay > signals.TokenOrdersLastDay)
        {
            throw new ArgumentException($"Order {signals.OrderId} counts more members on the token than orders paid with it.", nameof(signals));
        }
    }
}
