using Shop.Core.Fraud;
using static Shop.Core.Tests.Builders.FraudSignalsBuilder;

namespace Shop.Core.Tests.Fraud;

public sealed class AssessFraudTests
{
    private static readonly AssessFraud Fraud = new();

    private static FraudAssessment Assess(FraudSignals signals, FraudThresholds? thresholds = null) =>
        Fraud.Assess(signals, thresholds ?? FraudThresholds.Default);

    private static void AssertAssessment(FraudAssessment assessment, int score, FraudDecision decision, params FraudReason[] reasons)
    {
        Assert.Equal(score, assessment.Score);
        Assert.Equal(decision, assessment.Decision);
        Assert.Equal(reasons, assessment.Reasons);
    }

    private static FraudReason Reason(string code, int points) => new(code, points);

    [Fact]
    public void ApprovesWithNoReasons_WhenARegularMemberOrdersAsUsual()
    {
        AssertAssessment(Assess(ARegularOrder()), 0, FraudDecision.Approve);
    }

    [Fact]
    public void AddsMemberVelocityHour_WhenTheMemberPlacedMoreThanTwoOtherOrdersInTheHour()
    {
        var assessment = Assess(ARegularOrder() with { MemberOrdersLastHour = 3, MemberOrdersLastDay = 3 });

        AssertAssessment(assessment, 25, FraudDecision.Approve, Reason(FraudReasons.MemberVelocityHour, 25));
    }

    [Fact]
    public void AddsNothing_WhenTheMembersOrdersInTheHourAreAtTheLimit()
    {
        AssertAssessment(Assess(ARegularOrder() with { MemberOrdersLastHour = 2, MemberOrdersLastDay = 2 }), 0, FraudDecision.Approve);
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(6, 15)]
    [InlineData(40, 15)]
    public void AddsMemberVelocityDay_WhenTheMemberPlacedMoreThanFiveOtherOrdersInTheDay(int ordersLastDay, int expected)
    {
        var assessment = Assess(ARegularOrder() with { MemberOrdersLastDay = ordersLastDay });

        Assert.Equal(expected, assessment.Score);
        Assert.Equal(expected == 0 ? [] : [Reason(FraudReasons.MemberVelocityDay, 15)], assessment.Reasons);
    }

    [Fact]
    public void HoldsForReview_WhenHourAndDayVelocityTogetherReachReviewAtExactly()
    {
        // 25 + 15 = 40 = ReviewAt: the threshold is inclusive.
        var assessment = Assess(ARegularOrder() with { MemberOrdersLastHour = 3, MemberOrdersLastDay = 6 });

        AssertAssessment(assessment, 40, FraudDecision.Review, Reason(FraudReasons.MemberVelocityHour, 25), Reason(FraudReasons.MemberVelocityDay, 15));
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(6, 25)]
    public void AddsTokenVelocity_WhenMoreThanFiveOtherOrdersUsedTheTokenInTheDay(int tokenOrders, int expected)
    {
        var assessment = Assess(ARegularOrder() with { TokenOrdersLastDay = tokenOrders });

        Assert.Equal(expected, assessment.Score);
        Assert.Equal(expected == 0 ? [] : [Reason(FraudReasons.TokenVelocity, 25)], assessment.Reasons);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 35)]
    public void AddsTokenSharedByMembers_WhenMoreThanOneOtherMemberUsedTheTokenInTheDay(int otherMembers, int expected)
    {
        var assessment = Assess(ARegularOrder() with { TokenOrdersLastDay = otherMembers, TokenMembersLastDay = otherMembers });

        Assert.Equal(expected, assessment.Score);
        Assert.Equal(expected == 0 ? [] : [Reason(FraudReasons.TokenSharedByMembers, 35)], assessment.Reasons);
        Assert.Equal(FraudDecision.Approve, assessment.Decision);
    }

    [Theory]
    [InlineData(17_999, 0)]
    [InlineData(18_000, 20)]
    [InlineData(1_000_000, 20)]
    public void AddsAmountAboveHistory_WhenTheAmountIsAtLeastThreeTimesTheMembersAverage(long amount, int expected)
    {
        // The member's average is 60.00: 180.00 is exactly 3×.
        var assessment = Assess(ARegularOrder() with { Amount = amount });

        Assert.Equal(expected, assessment.Score);
        Assert.Equal(expected == 0 ? [] : [Reason(FraudReasons.AmountAboveHistory, 20)], assessment.Reasons);
    }

    [Theory]
    [InlineData(9_999, 0)]
    [InlineData(10_000, 20)]
    public void AddsAmountAboveHistory_WhenTheAmountAlsoReachesTheMinimum(long amount, int expected)
    {
        // Against an average of 5.00 both amounts are far above 3×; below 100.00 that does not matter.
        var assessment = Assess(ARegularOrder() with { MemberAverageOrderAmount = 500, Amount = amount });

        Assert.Equal(expected, assessment.Score);
    }

    [Fact]
    public void AddsAmountAboveHistory_WhenEveryCompletedOrderWasFree()
    {
        var assessment = Assess(ARegularOrder() with { MemberAverageOrderAmount = 0, MemberCompletedOrders = 2, Amount = 10_000 });

        AssertAssessment(assessment, 20, FraudDecision.Approve, Reason(FraudReasons.AmountAboveHistory, 20));
    }

    [Theory]
    [InlineData(29_999, 0)]
    [InlineData(30_000, 25)]
    public void AddsFirstOrderHighAmount_WhenAMemberWithoutCompletedOrdersOrdersAtLeast300(long amount, int expected)
    {
        // A first order's address is always new: new_shipping_address stays quiet, this rule speaks for it.
        var assessment = Assess(AFirstOrder() with { Amount = amount });

        Assert.Equal(expected, assessment.Score);
        Assert.Equal(expected == 0 ? [] : [Reason(FraudReasons.FirstOrderHighAmount, 25)], assessment.Reasons);
    }

    [Fact]
    public void AddsNoFirstOrderReason_WhenTheMemberHasCompletedOrders()
    {
        // 300.00 against an average of 150.00 is 2×: neither amount rule fires.
        var assessment = Assess(ARegularOrder() with { MemberAverageOrderAmount = 15_000, Amount = 30_000 });

        AssertAssessment(assessment, 0, FraudDecision.Approve);
    }

    [Fact]
    public void AddsNewAccount_WhenTheAccountIsOneTickYoungerThan24Hours()
    {
        var assessment = Assess(ARegularOrder() with { MemberSince = Now - TimeSpan.FromHours(24) + TimeSpan.FromTicks(1) });

        AssertAssessment(assessment, 15, FraudDecision.Approve, Reason(FraudReasons.NewAccount, 15));
    }

    [Fact]
    public void AddsNothing_WhenTheAccountIsExactly24HoursOld()
    {
        AssertAssessment(Assess(ARegularOrder() with { MemberSince = Now.AddHours(-24) }), 0, FraudDecision.Approve);
    }

    [Fact]
    public void AddsNewAccount_WhenTheAccountWasCreatedAfterTheOrderByClockSkew()
    {
        var assessment = Assess(ARegularOrder() with { MemberSince = Now.AddSeconds(3) });

        AssertAssessment(assessment, 15, FraudDecision.Approve, Reason(FraudReasons.NewAccount, 15));
    }

    [Fact]
    public void AddsNothing_WhenNewAccountAgeIsZeroEvenForAnAccountCreatedAfterTheOrder()
    {
        // A skewed account is 0 old, and nothing is younger than 0.
        var assessment = Assess(ARegularOrder() with { MemberSince = Now.AddSeconds(3) }, FraudThresholds.Default with { NewAccountAge = TimeSpan.Zero });

        AssertAssessment(assessment, 0, FraudDecision.Approve);
    }

    [Theory]
    [InlineData("FR", 15)]
    [InlineData("de", 0)]
    [InlineData(null, 0)]
    public void AddsAddressMismatch_WhenTheBillingCountryIsKnownAndNotTheShippingCountry(string? billing, int expected)
    {
        var assessment = Assess(ARegularOrder() with { BillingCountry = billing });

        Assert.Equal(expected, assessment.Score);
        Assert.Equal(expected == 0 ? [] : [Reason(FraudReasons.AddressMismatch, 15)], assessment.Reasons);
    }

    [Theory]
    [InlineData("US", 10)]
    [InlineData("de", 0)]
    [InlineData(null, 0)]
    public void AddsIpCountryMismatch_WhenTheRequestsCountryIsKnownAndNotTheShippingCountry(string? ip, int expected)
    {
        var assessment = Assess(ARegularOrder() with { IpCountry = ip });

        Assert.Equal(expected, assessment.Score);
        Assert.Equal(expected == 0 ? [] : [Reason(FraudReasons.IpCountryMismatch, 10)], assessment.Reasons);
    }

    [Theory]
    [InlineData(14_999, true, 0)]
    [InlineData(15_000, true, 15)]
    [InlineData(15_000, false, 0)]
    public void AddsNewShippingAddress_WhenAMemberShipsAtLeast150ToAnAddressNeverUsed(long amount, bool newAddress, int expected)
    {
        // 150.00 is 2.5× the member's average of 60.00: the history rule stays quiet.
        var assessment = Assess(ARegularOrder() with { Amount = amount, ShippingAddressUsedBefore = !newAddress });

        Assert.Equal(expected, assessment.Score);
        Assert.Equal(expected == 0 ? [] : [Reason(FraudReasons.NewShippingAddress, 15)], assessment.Reasons);
    }

    [Fact]
    public void HoldsForReview_WhenALargeOrderGoesToANewAddressFromAbroad()
    {
        // 200.00 is 3.3× the average (20), from a US connection (10), to a new address (15): 45.
        var assessment = Assess(ARegularOrder() with { Amount = 20_000, ShippingAddressUsedBefore = false, IpCountry = "US" });

        AssertAssessment(
            assessment,
            45,
            FraudDecision.Review,
            Reason(FraudReasons.AmountAboveHistory, 20),
            Reason(FraudReasons.IpCountryMismatch, 10),
            Reason(FraudReasons.NewShippingAddress, 15));
    }

    [Fact]
    public void HoldsForReview_WhenANewAccountsFirstOrderIsLargeAndBilledAbroad()
    {
        var signals = AFirstOrder() with { MemberSince = Now.AddHours(-2), Amount = 45_000, BillingCountry = "FR", IpCountry = "FR" };

        AssertAssessment(
            Assess(signals),
            65,
            FraudDecision.Review,
            Reason(FraudReasons.FirstOrderHighAmount, 25),
            Reason(FraudReasons.NewAccount, 15),
            Reason(FraudReasons.AddressMismatch, 15),
            Reason(FraudReasons.IpCountryMismatch, 10));
    }

    [Fact]
    public void Rejects_WhenTheScoreIsExactlyRejectAt()
    {
        // A card used by two other members and six other orders today, for 3× the member's average: 35 + 25 + 20 = 80.
        var signals = ARegularOrder() with { TokenOrdersLastDay = 6, TokenMembersLastDay = 2, Amount = 18_000 };

        AssertAssessment(
            Assess(signals),
            80,
            FraudDecision.Reject,
            Reason(FraudReasons.TokenVelocity, 25),
            Reason(FraudReasons.TokenSharedByMembers, 35),
            Reason(FraudReasons.AmountAboveHistory, 20));
    }

    [Fact]
    public void HoldsForReview_WhenRejectAtIsRaisedAboveTheScore()
    {
        var signals = ARegularOrder() with { TokenOrdersLastDay = 6, TokenMembersLastDay = 2, Amount = 18_000 };

        var assessment = Assess(signals, FraudThresholds.Default with { RejectAt = 81 });

        Assert.Equal(80, assessment.Score);
        Assert.Equal(FraudDecision.Review, assessment.Decision);
    }

    [Fact]
    public void CapsTheScoreAt100AndListsEveryReason_WhenAllRulesFire()
    {
        var signals = ARegularOrder() with
        {
            MemberOrdersLastHour = 3,
            MemberOrdersLastDay = 6,
            TokenOrdersLastDay = 6,
            TokenMembersLastDay = 2,
            Amount = 20_000,
            MemberSince = Now.AddHours(-1),
            BillingCountry = "FR",
            IpCountry = "US",
            ShippingAddressUsedBefore = false,
        };

        // 25 + 15 + 25 + 35 + 20 + 15 + 15 + 10 + 15 = 175, shown in full in the reasons.
        AssertAssessment(
            Assess(signals),
            100,
            FraudDecision.Reject,
            Reason(FraudReasons.MemberVelocityHour, 25),
            Reason(FraudReasons.MemberVelocityDay, 15),
            Reason(FraudReasons.TokenVelocity, 25),
            Reason(FraudReasons.TokenSharedByMembers, 35),
            Reason(FraudReasons.AmountAboveHistory, 20),
            Reason(FraudReasons.NewAccount, 15),
            Reason(FraudReasons.AddressMismatch, 15),
            Reason(FraudReasons.IpCountryMismatch, 10),
            Reason(FraudReasons.NewShippingAddress, 15));
    }

    [Fact]
    public void HoldsForReview_WhenReviewAtIsLoweredToTheScore()
    {
        var signals = ARegularOrder() with { MemberOrdersLastHour = 3, MemberOrdersLastDay = 3 };

        Assert.Equal(FraudDecision.Approve, Assess(signals).Decision);
        Assert.Equal(FraudDecision.Review, Assess(signals, FraudThresholds.Default with { ReviewAt = 25 }).Decision);
    }

    [Fact]
    public void Rejects_WhenReviewAtAndRejectAtAreTheSame()
    {
        var signals = ARegularOrder() with { MemberOrdersLastHour = 3, MemberOrdersLastDay = 6 };

        var assessment = Assess(signals, FraudThresholds.Default with { ReviewAt = 40, RejectAt = 40 });

        AssertAssessment(assessment, 40, FraudDecision.Reject, Reason(FraudReasons.MemberVelocityHour, 25), Reason(FraudReasons.MemberVelocityDay, 15));
    }

    [Fact]
    public void HoldsForReview_WhenARuleWeighsMore()
    {
        var signals = ARegularOrder() with { MemberOrdersLastHour = 3, MemberOrdersLastDay = 3 };

        var assessment = Assess(signals, FraudThresholds.Default with { MemberVelocityHourPoints = 40 });

        AssertAssessment(assessment, 40, FraudDecision.Review, Reason(FraudReasons.MemberVelocityHour, 40));
    }

    [Fact]
    public void ListsNoReason_WhenTheRuleWeighsNothing()
    {
        var signals = ARegularOrder() with { MemberOrdersLastHour = 3, MemberOrdersLastDay = 3, BillingCountry = "FR" };

        var assessment = Assess(signals, FraudThresholds.Default with { MemberVelocityHourPoints = 0 });

        AssertAssessment(assessment, 15, FraudDecision.Approve, Reason(FraudReasons.AddressMismatch, 15));
    }

    [Fact]
    public void AddsNothing_WhenTheLimitIsRaisedToTheCount()
    {
        var signals = ARegularOrder() with { MemberOrdersLastHour = 3, MemberOrdersLastDay = 3 };

        AssertAssessment(Assess(signals, FraudThresholds.Default with { MemberOrdersLastHourLimit = 3 }), 0, FraudDecision.Approve);
    }

    [Fact]
    public void AddsNewAccount_WhenTheAccountIsYoungerThanAConfiguredWeek()
    {
        var signals = ARegularOrder() with { MemberSince = Now.AddDays(-3) };

        Assert.Empty(Assess(signals).Reasons);
        AssertAssessment(
            Assess(signals, FraudThresholds.Default with { NewAccountAge = TimeSpan.FromDays(7) }),
            15,
            FraudDecision.Approve,
            Reason(FraudReasons.NewAccount, 15));
    }

    [Fact]
    public void ComparesAmountsInTheThresholdsCurrency_WhenItIsConfigured()
    {
        var signals = AFirstOrder() with { Currency = "USD", Amount = 30_000 };

        Assert.Throws<ArgumentException>(() => Assess(signals));
        var assessment = Assess(signals, FraudThresholds.Default with { Currency = "USD", FirstOrderHighAmount = 50_000 });
        AssertAssessment(assessment, 0, FraudDecision.Approve);
    }

    [Fact]
    public void HandlesAmountsNearTheLimitOfALong_WhenComparingWithTheAverage()
    {
        var signals = ARegularOrder() with { Amount = long.MaxValue, MemberAverageOrderAmount = long.MaxValue / 2 };

        // Exactly 2× the average: multiplied in a long, both sides would wrap.
        Assert.Empty(Assess(signals).Reasons);
        Assert.Equal(
            [Reason(FraudReasons.AmountAboveHistory, 20)],
            Assess(signals, FraudThresholds.Default with { AboveHistoryMultipleBasisPoints = 20_000 }).Reasons);
    }

    public static TheoryData<FraudSignals> BrokenSignals => new()
    {
        ARegularOrder() with { Amount = -1 },
        ARegularOrder() with { MemberAverageOrderAmount = -1 },
        ARegularOrder() with { MemberOrdersLastHour = -1 },
        ARegularOrder() with { MemberOrdersLastDay = -1 },
        ARegularOrder() with { TokenOrdersLastDay = -1 },
        ARegularOrder() with { TokenMembersLastDay = -1 },
        ARegularOrder() with { MemberCompletedOrders = -1 },
        ARegularOrder() with { MemberOrdersLastHour = 3, MemberOrdersLastDay = 2 },
        ARegularOrder() with { TokenOrdersLastDay = 1, TokenMembersLastDay = 2 },
        ARegularOrder() with { Currency = "USD" },
        ARegularOrder() with { ShippingCountry = "" },
        ARegularOrder() with { OrderId = "" },
    };

    [Theory]
    [MemberData(nameof(BrokenSignals))]
    public void Throws_WhenTheSignalsBreakAnInvariant(FraudSignals signals)
    {
        Assert.Equal("signals", Assert.ThrowsAny<ArgumentException>(() => Assess(signals)).ParamName);
    }

    public static TheoryData<string, FraudThresholds> BrokenThresholds => new()
    {
        { nameof(FraudThresholds.Currency), FraudThresholds.Default with { Currency = "" } },
        { nameof(FraudThresholds.ReviewAt), FraudThresholds.Default with { ReviewAt = 0 } },
        { nameof(FraudThresholds.RejectAt), FraudThresholds.Default with { RejectAt = 39 } },
        { nameof(FraudThresholds.MemberOrdersLastHourLimit), FraudThresholds.Default with { MemberOrdersLastHourLimit = -1 } },
        { nameof(FraudThresholds.TokenSharedByMembersPoints), FraudThresholds.Default with { TokenSharedByMembersPoints = -1 } },
        { nameof(FraudThresholds.FirstOrderHighAmount), FraudThresholds.Default with { FirstOrderHighAmount = -1 } },
        { nameof(FraudThresholds.AboveHistoryMultipleBasisPoints), FraudThresholds.Default with { AboveHistoryMultipleBasisPoints = 0 } },
        { nameof(FraudThresholds.NewAccountAge), FraudThresholds.Default with { NewAccountAge = TimeSpan.FromTicks(-1) } },
        { nameof(FraudThresholds.NewShippingAddressPoints), FraudThresholds.Default with { NewShippingAddressPoints = -1 } },
    };

    [Theory]
    [MemberData(nameof(BrokenThresholds))]
    public void NamesTheSetting_WhenTheThresholdsMakeNoSense(string setting, FraudThresholds thresholds)
    {
        Assert.Equal(setting, Assert.Throws<ArgumentException>(thresholds.Validate).ParamName);
        Assert.Equal(setting, Assert.Throws<ArgumentException>(() => Assess(ARegularOrder(), thresholds)).ParamName);
    }
}
