using Shop.Core.Payments;

namespace Shop.Core.Tests.Payments;

public sealed class PaymentEventsTests
{
    [Theory]
    [InlineData(PaymentStatus.RequiresAction, PaymentStatus.Authorized)]
    [InlineData(PaymentStatus.RequiresAction, PaymentStatus.Failed)]
    [InlineData(PaymentStatus.AwaitingTransfer, PaymentStatus.Captured)]
    [InlineData(PaymentStatus.Authorized, PaymentStatus.Captured)]
    [InlineData(PaymentStatus.Authorized, PaymentStatus.Voided)]
    [InlineData(PaymentStatus.Captured, PaymentStatus.Refunded)]
    public void Applies_WhenTheStatusMovesForward(PaymentStatus current, PaymentStatus incoming) =>
        Assert.True(PaymentEvents.ShouldApply(current, incoming));

    [Theory]
    [InlineData(PaymentStatus.Authorized, PaymentStatus.Refunded)]
    [InlineData(PaymentStatus.RequiresAction, PaymentStatus.Captured)]
    public void Applies_WhenAnEventSkipsOneThatHasNotArrivedYet(PaymentStatus current, PaymentStatus incoming) =>
        Assert.True(PaymentEvents.ShouldApply(current, incoming));

    [Theory]
    [InlineData(PaymentStatus.Captured, PaymentStatus.Authorized)]
    [InlineData(PaymentStatus.Authorized, PaymentStatus.RequiresAction)]
    [InlineData(PaymentStatus.Captured, PaymentStatus.AwaitingTransfer)]
    [InlineData(PaymentStatus.Refunded, PaymentStatus.Captured)]
    public void IgnoresTheEvent_WhenItArrivesAfterALaterOne(PaymentStatus current, PaymentStatus incoming) =>
        Assert.False(PaymentEvents.ShouldApply(current, incoming));

    [Theory]
    [InlineData(PaymentStatus.Authorized)]
    [InlineData(PaymentStatus.Captured)]
    [InlineData(PaymentStatus.Refunded)]
    [InlineData(PaymentStatus.RequiresAction)]
    public void IgnoresTheEvent_WhenItRepeatsTheStatusHeld(PaymentStatus status) =>
        Assert.False(PaymentEvents.ShouldApply(status, status));

    [Theory]
    [InlineData(PaymentStatus.Declined)]
    [InlineData(PaymentStatus.Failed)]
    [InlineData(PaymentStatus.Voided)]
    [InlineData(PaymentStatus.Refunded)]
    public void MovesNothing_WhenTheStatusHeldIsFinal(PaymentStatus final) =>
        Assert.All(Enum.GetValues<PaymentStatus>(), incoming => Assert.False(PaymentEvents.ShouldApply(final, incoming)));

    [Theory]
    [InlineData(PaymentStatus.Declined)]
    [InlineData(PaymentStatus.Failed)]
    public void IgnoresAFailure_WhenThePaymentIsAlreadyAuthorized(PaymentStatus failure) =>
        Assert.False(PaymentEvents.ShouldApply(PaymentStatus.Authorized, failure));

    [Fact]
    public void IgnoresAVoid_WhenThePaymentIsCaptured() =>
        Assert.False(PaymentEvents.ShouldApply(PaymentStatus.Captured, PaymentStatus.Voided));

    [Fact]
    public void Applies_WhenNoStatusIsHeldYet() =>
        Assert.All(Enum.GetValues<PaymentStatus>(), incoming => Assert.True(PaymentEvents.ShouldApply(null, incoming)));

    [Fact]
    public void AppliesEachStatusOnce_WhenEventsArriveTwiceAndOutOfOrder()
    {
        PaymentWebhookEvent Event(string id, string type, PaymentStatus status) =>
            new(id, type, "pay-1", "o-1", status, DateTimeOffset.UnixEpoch);
        var deliveries = new[]
        {
            Event("evt-2", PaymentEventTypes.Captured, PaymentStatus.Captured),
            Event("evt-1", PaymentEventTypes.Authorized, PaymentStatus.Authorized),
            Event("evt-2", PaymentEventTypes.Captured, PaymentStatus.Captured),
            Event("evt-3", PaymentEventTypes.Refunded, PaymentStatus.Refunded),
            Event("evt-1", PaymentEventTypes.Authorized, PaymentStatus.Authorized),
        };
        PaymentStatus? held = PaymentStatus.RequiresAction;
        var applied = new List<string>();

        foreach (var delivery in deliveries)
        {
            if (PaymentEvents.ShouldApply(held, delivery))
            {
                held = delivery.Status;
                applied.Add(delivery.EventId);
            }
        }

        Assert.Equal(["evt-2", "evt-3"], applied);
        Assert.Equal(PaymentStatus.Refunded, held);
    }
}
