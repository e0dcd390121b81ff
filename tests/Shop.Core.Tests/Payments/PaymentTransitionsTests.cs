using Shop.Core.Payments;

namespace Shop.Core.Tests.Payments;

public sealed class PaymentTransitionsTests
{
    [Fact]
    public void CapturesOnlyAnAuthorizedPayment_WhenAnyStatusIsAsked() =>
        Assert.Equal([PaymentStatus.Authorized], Enum.GetValues<PaymentStatus>().Where(PaymentTransitions.CanCapture));

    [Fact]
    public void VoidsWhatIsNotCaptured_WhenAnyStatusIsAsked() =>
        Assert.Equal(
            [PaymentStatus.Authorized, PaymentStatus.RequiresAction, PaymentStatus.AwaitingTransfer],
            Enum.GetValues<PaymentStatus>().Where(PaymentTransitions.CanVoid));

    [Fact]
    public void RefundsOnlyACapturedPayment_WhenAnyStatusIsAsked() =>
        Assert.Equal([PaymentStatus.Captured], Enum.GetValues<PaymentStatus>().Where(PaymentTransitions.CanRefund));

    [Fact]
    public void NamesThePaymentItsStatusAndTheOperation_WhenCaptureDoesNotApply()
    {
        var error = Assert.Throws<PaymentStateException>(() => PaymentTransitions.EnsureCanCapture("pay-1", PaymentStatus.Voided));

        Assert.Equal(("pay-1", PaymentStatus.Voided, "captured"), (error.PaymentId, error.Status, error.Operation));
        Assert.Equal("Payment pay-1 is voided; it cannot be captured.", error.Message);
    }

    [Fact]
    public void RefusesToVoid_WhenThePaymentIsCaptured() =>
        Assert.Throws<PaymentStateException>(() => PaymentTransitions.EnsureCanVoid("pay-1", PaymentStatus.Captured));

    [Fact]
    public void RefusesToRefund_WhenThePaymentIsOnlyAuthorized() =>
        Assert.Throws<PaymentStateException>(() => PaymentTransitions.EnsureCanRefund("pay-1", PaymentStatus.Authorized));
}
