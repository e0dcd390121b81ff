using System.Text.Json;
using CsCheck;
using Shop.Core.Fraud;
using static Shop.Core.Tests.Builders.FraudSignalsBuilder;

namespace Shop.Core.Tests.Fraud;

public sealed class AssessFraudPropertyTests
{
    private const int Iterations = 5_000;

    private static readonly AssessFraud Fraud = new();
    private static readonly FraudThresholds Defaults = FraudThresholds.Default;

    /// <summary>The order docs/fraud.md lists the rules in, which is the order reasons come in.</summary>
    private static readonly string[] RuleOrder =
    [
        FraudReasons.MemberVelocityHour, FraudReasons.MemberVelocityDay, FraudReasons.TokenVelocity, FraudReasons.TokenSharedByMembers,
        FraudReasons.AmountAboveHistory, FraudReasons.FirstOrderHighAmount, FraudReasons.NewAccount, FraudReasons.AddressMismatch,
        FraudReasons.IpCountryMismatch, FraudReasons.NewShippingAddress,
    ];

    private static readonly string[] Countries = ["DE", "FR", "US", "PL", "de"];

    // Mostly everyday amounts around the default limits, where the rules switch; now and then any long, where overflow would bite.
    private static readonly Gen<long> Amount = Gen.Frequency((6, Gen.Long[0, 60_000]), (1, Gen.Long[0, long.MaxValue]));
    private static readonly Gen<long> Average = Gen.Frequency((2, Gen.Const(0L)), (6, Gen.Long[1, 30_000]), (1, Gen.Long[0, long.MaxValue]));
    private static readonly Gen<int> Count = Gen.Frequency((6, Gen.Int[0, 10]), (1, Gen.Int[0, 1_000]));
    private static readonly Gen<string?> KnownOrNot = Gen.Frequency((1, Gen.Const((string?)null)), (3, Gen.OneOf(Countries).Select(c => (string?)c)));

    // From a little after the order (clock skew) to ten years before it, often within the first days.
    private static readonly Gen<DateTimeOffset> MemberSince = Gen.Frequency(
        (2, Gen.Int[-10, 60 * 72].Select(minutes => Now.AddMinutes(-minutes))),
        (1, Gen.Int[0, 3_650].Select(days => Now.AddDays(-days))));

    private static readonly Gen<FraudSignals> Signals =
        from amount in Amount
        from memberSince in MemberSince
        from lastDay in Count
        from lastHour in Gen.Int[0, lastDay]
        from tokenOrders in Count
        from tokenMembers in Gen.Int[0, tokenOrders]
        from average in Average
        from completed in Gen.Frequency((1, Gen.Const(0)), (3, Gen.Int[1, 200]))
        from shipping in Gen.OneOf(Countries)
        from billing in KnownOrNot
        from ip in KnownOrNot
        from usedBefore in Gen.Bool
        select ARegularOrder() with
        {
            Amount = amount,
            MemberSince = memberSince,
            MemberOrdersLastHour = lastHour,
            MemberOrdersLastDay = lastDay,
            TokenOrdersLastDay = tokenOrders,
            TokenMembersLastDay = tokenMembers,
            MemberAverageOrderAmount = average,
            MemberCompletedOrders = completed,
            ShippingCountry = shipping,
            BillingCountry = billing,
            IpCountry = ip,
            ShippingAddressUsedBefore = usedBefore,
        };

    private static readonly Gen<int> Points = Gen.Frequency((1, Gen.Const(0)), (4, Gen.Int[1, 60]), (1, Gen.Int[0, int.MaxValue]));
    private static readonly Gen<int> Limit = Gen.Int[0, 8];
    private static readonly Gen<long> Threshold = Gen.Frequency((4, Gen.Long[0, 50_000]), (1, Gen.Long[0, long.MaxValue]));

    private static readonly Gen<FraudThresholds> Thresholds =
        from reviewAt in Gen.Int[1, 110]
        from rejectAt in Gen.Int[reviewAt, 120]
        from points in Points.Array[10]
        from limits in Limit.Array[4]
        from amounts in Threshold.Array[3]
        from multiple in Gen.Int[1, 50_000]
        from ageMinutes in Gen.Int[0, 60 * 24 * 30]
        select Defaults with
        {
            ReviewAt = reviewAt,
            RejectAt = rejectAt,
            MemberOrdersLastHourLimit = limits[0],
            MemberVelocityHourPoints = points[0],
            MemberOrdersLastDayLimit = limits[1],
            MemberVelocityDayPoints = points[1],
            TokenOrdersLastDayLimit = limits[2],
            TokenVelocityPoints = points[2],
            TokenMembersLastDayLimit = limits[3],
            TokenSharedByMembersPoints = points[3],
            AboveHistoryMultipleBasisPoints = multiple,
            AboveHistoryMinAmount = amounts[0],
            AmountAboveHistoryPoints = points[4],
            FirstOrderHighAmount = amounts[1],
            FirstOrderHighAmountPoints = points[5],
            NewAccountAge = TimeSpan.FromMinutes(ageMinutes),
            NewAccountPoints = points[6],
            AddressMismatchPoints = points[7],
            IpCountryMismatchPoints = points[8],
            NewShippingAddressHighAmount = amounts[2],
            NewShippingAddressPoints = points[9],
        };

    /// <summary>One way an order can look riskier, and nothing else about it changing; counts that must stay ordered move together.</summary>
    private sealed record Risk(string Name, Func<FraudSignals, FraudSignals> Add)
    {
        public override string ToString() => Name;
    }

    private static string Mismatching(string country) => string.Equals(country, "US", StringComparison.OrdinalIgnoreCase) ? "FR" : "US";

    private static readonly Gen<Risk> AnyRisk = Gen.OneOf(
        Gen.Int[1, 5].Select(k => new Risk($"{k} more orders this hour", s => s with
        {
            MemberOrdersLastHour = s.MemberOrdersLastHour + k,
            MemberOrdersLastDay = Math.Max(s.MemberOrdersLastDay, s.MemberOrdersLastHour + k),
        })),
        Gen.Int[1, 5].Select(k => new Risk($"{k} more orders today", s => s with { MemberOrdersLastDay = s.MemberOrdersLastDay + k })),
        Gen.Int[1, 5].Select(k => new Risk($"{k} more token orders", s => s with { TokenOrdersLastDay = s.TokenOrdersLastDay + k })),
        Gen.Int[1, 5].Select(k => new Risk($"{k} more token members", s => s with
        {
            TokenMembersLastDay = s.TokenMembersLastDay + k,
            TokenOrdersLastDay = Math.Max(s.TokenOrdersLastDay, s.TokenMembersLastDay + k),
        })),
        Gen.Int[1, 60 * 24 * 400].Select(k => new Risk($"account {k} minutes younger", s => s with { MemberSince = s.MemberSince.AddMinutes(k) })),
        Gen.Long[1, 100_000].Select(k => new Risk($"amount {k} higher", s => s with { Amount = s.Amount + Math.Min(k, long.MaxValue - s.Amount) })),
        Gen.Long[1, 20_000].Select(k => new Risk($"average {k} lower", s => s with { MemberAverageOrderAmount = Math.Max(0, s.MemberAverageOrderAmount - k) })),
        Gen.Const(new Risk("billed abroad", s => s with { BillingCountry = Mismatching(s.ShippingCountry) })),
        Gen.Const(new Risk("connecting from abroad", s => s with { IpCountry = Mismatching(s.ShippingCountry) })),
        Gen.Const(new Risk("new address", s => s with { ShippingAddressUsedBefore = false })));

    private static string Show(FraudSignals signals) => JsonSerializer.Serialize(signals);

    private static string Show(FraudThresholds thresholds) => JsonSerializer.Serialize(thresholds);

    private static string Show(FraudAssessment assessment) => JsonSerializer.Serialize(assessment);

    [Fact]
    public void ScoreIsTheCappedSumOfItsReasons_WhenAnyOrderIsAssessed()
    {
        Gen.Select(Signals, Thresholds).Sample((signals, thresholds) =>
        {
            var assessment = Fraud.Assess(signals, thresholds);

            Assert.InRange(assessment.Score, 0, 100);
            Assert.Equal(Math.Min(100, assessment.Reasons.Sum(r => (long)r.Points)), assessment.Score);
            Assert.All(assessment.Reasons, r => Assert.True(r.Points > 0, Show(assessment)));
            // Each rule speaks at most once, in the documented order.
            var positions = assessment.Reasons.Select(r => Array.IndexOf(RuleOrder, r.Code)).ToList();
            Assert.DoesNotContain(-1, positions);
            Assert.Equal(positions.Order(), positions);
            Assert.Equal(positions.Distinct().Count(), positions.Count);
        }, iter: Iterations, print: t => $"{Show(t.Item1)} {Show(t.Item2)}");
    }

    [Fact]
    public void DecidesByTheThresholds_WhenAnyOrderIsAssessed()
    {
        Gen.Select(Signals, Thresholds).Sample((signals, thresholds) =>
        {
            var assessment = Fraud.Assess(signals, thresholds);

            var expected = assessment.Score >= thresholds.RejectAt ? FraudDecision.Reject
                : assessment.Score >= thresholds.ReviewAt ? FraudDecision.Review
                : FraudDecision.Approve;
            Assert.Equal(expected, assessment.Decision);
        }, iter: Iterations, print: t => $"{Show(t.Item1)} {Show(t.Item2)}");
    }

    [Fact]
    public void NeverLowersTheScore_WhenRiskSignalsAreAdded()
    {
        Gen.Select(Signals, AnyRisk.Array[1, 3], Gen.Frequency((1, Gen.Const(Defaults)), (1, Thresholds))).Sample((signals, risks, thresholds) =>
        {
            var riskier = risks.Aggregate(signals, (s, risk) => risk.Add(s));

            var before = Fraud.Assess(signals, thresholds);
            var after = Fraud.Assess(riskier, thresholds);

            Assert.True(after.Score >= before.Score, $"{before.Score} → {after.Score}: {Show(before)} → {Show(after)}");
            Assert.True(after.Decision >= before.Decision, $"{before.Decision} → {after.Decision}");
            // Not only the total: no rule that fired stops firing.
            Assert.Empty(before.Reasons.Except(after.Reasons));
        }, iter: Iterations, print: t => $"{Show(t.Item1)} + [{string.Join(", ", t.Item2.Select(r => r.Name))}] {Show(t.Item3)}");
    }

    [Fact]
    public void GivesTheSameAssessment_WhenAssessedAgain()
    {
        Gen.Select(Signals, Thresholds).Sample((signals, thresholds) =>
        {
            var first = Fraud.Assess(signals, thresholds);
            // Another instance, another order by another member with another token but the same signals: the same assessment.
            var again = new AssessFraud().Assess(signals with { OrderId = "o-2", MemberId = "m-2", PaymentToken = "tok-2" }, thresholds);

            Assert.Equal(Show(first), Show(again));
        }, iter: Iterations, print: t => $"{Show(t.Item1)} {Show(t.Item2)}");
    }

    private static readonly Gen<FraudSignals> ARegularMembersUsualOrder =
        from days in Gen.Int[1, 3_650]
        from completed in Gen.Int[1, 500]
        from average in Gen.Long[1, 1_000_000]
        // Below 3× the average: the default multiple.
        from amount in Gen.Long[0, average * Defaults.AboveHistoryMultipleBasisPoints / 10_000 - 1]
        from lastDay in Gen.Int[0, Defaults.MemberOrdersLastDayLimit]
        from lastHour in Gen.Int[0, Math.Min(lastDay, Defaults.MemberOrdersLastHourLimit)]
        from tokenOrders in Gen.Int[0, Defaults.TokenOrdersLastDayLimit]
        from tokenMembers in Gen.Int[0, Math.Min(tokenOrders, Defaults.TokenMembersLastDayLimit)]
        from shipping in Gen.OneOf("DE", "FR", "US")
        from billing in Gen.OneOf(null, shipping, shipping.ToLowerInvariant())
        from ip in Gen.OneOf(null, shipping, shipping.ToLowerInvariant())
        select ARegularOrder() with
        {
            MemberSince = Now.AddDays(-days),
            MemberCompletedOrders = completed,
            MemberAverageOrderAmount = average,
            Amount = amount,
            MemberOrdersLastHour = lastHour,
            MemberOrdersLastDay = lastDay,
            TokenOrdersLastDay = tokenOrders,
            TokenMembersLastDay = tokenMembers,
            ShippingCountry = shipping,
            BillingCountry = billing,
            IpCountry = ip,
            ShippingAddressUsedBefore = true,
        };

    [Fact]
    public void Approves_WhenAMemberOfLongStandingOrdersAnUsualAmountAsUsual()
    {
        ARegularMembersUsualOrder.Sample(signals =>
        {
            var assessment = Fraud.Assess(signals, Defaults);

            Assert.Equal(FraudDecision.Approve, assessment.Decision);
            Assert.Equal(0, assessment.Score);
            Assert.Empty(assessment.Reasons);
        }, iter: Iterations, print: Show);
    }
}
