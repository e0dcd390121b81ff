namespace Shop.Core.Fraud;

/// <summary>
/// The fraud rules' weights and limits, and the scores at which an order is held or refused.
/// A rule fires when its count is <b>above</b> its limit, or its amount <b>at or above</b> its
/// amount; a rule worth 0 points is off. Amounts are minor units of <see cref="Currency"/>.
/// Start from <see cref="Default"/> (<c>FraudThresholds.Default with { ReviewAt = 50 }</c>);
/// docs/fraud.md gives the reasons for its numbers.
/// </summary>
public sealed record FraudThresholds
{
    /// <summary>
    /// EUR. No single rule reaches <see cref="ReviewAt"/>: each signal alone has innocent
    /// explanations (a family sharing a card, a gift, a trip abroad), two together hold the order,
    /// and refusing takes a pattern of strong ones, such as a card tried by several accounts in quick succession.
    /// </summary>
    public static FraudThresholds Default { get; } = new()
    {
        Currency = "EUR",
        ReviewAt = 40,
        RejectAt = 80,
        MemberOrdersLastHourLimit = 2,
        MemberVelocityHourPoints = 25,
        MemberOrdersLastDayLimit = 5,
        MemberVelocityDayPoints = 15,
        TokenOrdersLastDayLimit = 5,
        TokenVelocityPoints = 25,
        TokenMembersLastDayLimit = 1,
        TokenSharedByMembersPoints = 35,
        AboveHistoryMultipleBasisPoints = 30_000,
        AboveHistoryMinAmount = 10_000,
        AmountAboveHistoryPoints = 20,
        FirstOrderHighAmount = 30_000,
        FirstOrderHighAmountPoints = 25,
        NewAccountAge = TimeSpan.FromHours(24),
        NewAccountPoints = 15,
        AddressMismatchPoints = 15,
        IpCountryMismatchPoints = 10,
        NewShippingAddressHighAmount = 15_000,
        NewShippingAddressPoints = 15,
    };

    /// <summary>The currency the amounts below are in; orders in another cannot be assessed with them.</summary>
    public required string Currency { get; init; }

    /// <summary>A score at or above this holds the order for review. At least 1: a 0 would hold every order.</summary>
    public required int ReviewAt { get; init; }

    /// <summary>A score at or above this refuses the order; at least <see cref="ReviewAt"/>, above 100 never.</summary>
    public required int RejectAt { get; init; }

    /// <summary><c>member_velocity_hour</c> fires when the member placed more other orders than this in the last hour.</summary>
    public required int MemberOrdersLastHourLimit { get; init; }

    public required int MemberVelocityHourPoints { get; init; }

    /// <summary><c>member_velocity_day</c> fires when the member placed more other orders than this in the last 24 hours.</summary>
    public required int MemberOrdersLastDayLimit { get; init; }

    public required int MemberVelocityDayPoints { get; init; }

    /// <summary><c>token_velocity</c> fires when more other orders than this were paid with the token in the last 24 hours.</summary>
    public required int TokenOrdersLastDayLimit { get; init; }

    public required int TokenVelocityPoints { get; init; }

    /// <summary><c>token_shared_by_members</c> fires when more other members than this paid with the token in the last 24 hours.</summary>
    public required int TokenMembersLastDayLimit { get; init; }

    public required int TokenSharedByMembersPoints { get; init; }

    /// <summary>
    /// <c>amount_above_history</c> fires, for a member with completed orders, when the amount is at
    /// least this multiple of their average (in basis points: 30000 = 3×) and at least <see cref="AboveHistoryMinAmount"/>.
    /// </summary>
    public required int AboveHistoryMultipleBasisPoints { get; init; }

    /// <summary>Below this, an order is too small to matter however it compares with the member's history.</summary>
    public required long AboveHistoryMinAmount { get; init; }

    public required int AmountAboveHistoryPoints { get; init; }

    /// <summary><c>first_order_high_amount</c> fires when a member with no completed order orders at least this much.</summary>
    public required long FirstOrderHighAmount { get; init; }

    public required int FirstOrderHighAmountPoints { get; init; }

    /// <summary><c>new_account</c> fires when the account is younger than this when the order is placed.</summary>
    public required TimeSpan NewAccountAge { get; init; }

    public required int NewAccountPoints { get; init; }

    /// <summary><c>address_mismatch</c>: the billing country is known and is not the shipping country.</summary>
    public required int AddressMismatchPoints { get; init; }

    /// <summary><c>ip_country_mismatch</c>: the request's country is known and is not the shipping country.</summary>
    public required int IpCountryMismatchPoints { get; init; }

    /// <summary>
    /// <c>new_shipping_address</c> fires when a member with completed orders ships at least this much
    /// to an address none of their orders went to. A first order's address is always new; the first-order rule covers it.
    /// </summary>
    public required long NewShippingAddressHighAmount { get; init; }

    public required int NewShippingAddressPoints { get; init; }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first setting that makes no sense: no currency,
    /// thresholds out of order, a negative weight, limit, amount or age, a multiple of zero.
    /// Called by every assessment; call it at start to fail there instead.
    /// </summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(Currency))
        {
            throw new ArgumentException("The thresholds need the currency their amounts are in.", nameof(Currency));
        }
        if (ReviewAt < 1)
        {
            throw new ArgumentException("ReviewAt is at least 1.", nameof(ReviewAt));
        }
        if (RejectAt < ReviewAt)
        {
            throw new ArgumentException("RejectAt is at least ReviewAt.", nameof(RejectAt));
        }
        if (AboveHistoryMultipleBasisPoints < 1)
        {
            throw new ArgumentException("The multiple of the member's average is positive.", nameof(AboveHistoryMultipleBasisPoints));
        }
        if (NewAccountAge < TimeSpan.Zero)
        {
            throw new ArgumentException("An account age is not negative.", nameof(NewAccountAge));
        }
        (string Name, long Value)[] nonNegative =
        [
            (nameof(MemberOrdersLastHourLimit), MemberOrdersLastHourLimit), (nameof(MemberVelocityHourPoints), MemberVelocityHourPoints),
            (nameof(MemberOrdersLastDayLimit), MemberOrdersLastDayLimit), (nameof(MemberVelocityDayPoints), MemberVelocityDayPoints),
            (nameof(TokenOrdersLastDayLimit), TokenOrdersLastDayLimit), (nameof(TokenVelocityPoints), TokenVelocityPoints),
            (nameof(TokenMembersLastDayLimit), TokenMembersLastDayLimit), (nameof(TokenSharedByMembersPoints), TokenSharedByMembersPoints),
            (nameof(AboveHistoryMinAmount), AboveHistoryMinAmount), (nameof(AmountAboveHistoryPoints), AmountAboveHistoryPoints),
            (nameof(FirstOrderHighAmount), FirstOrderHighAmount), (nameof(FirstOrderHighAmountPoints), FirstOrderHighAmountPoints),
            (nameof(NewAccountPoints), NewAccountPoints),
            (nameof(AddressMismatchPoints), AddressMismatchPoints), (nameof(IpCountryMismatchPoints), IpCountryMismatchPoints),
            (nameof(NewShippingAddressHighAmount), NewShippingAddressHighAmount), (nameof(NewShippingAddressPoints), NewShippingAddressPoints),
        ];
        foreach (var (name, value) in nonNegative)
        {
            if (value < 0)
            {
                throw new ArgumentException($"{name} is not negative.", name);
            }
        }
    }
}
