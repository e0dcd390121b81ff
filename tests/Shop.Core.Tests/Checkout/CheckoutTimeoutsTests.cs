using Shop.Core.Checkout;
using Shop.Core.Orders;

namespace Shop.Core.Tests.Checkout;

public sealed class CheckoutTimeoutsTests
{
    [Theory]
    [InlineData(PaymentMethods.Card, 15 * 60)]
    [InlineData(PaymentMethods.BankTransfer, 5 * 24 * 3600)]
    public void WaitsLongerForABankTransfer_WhenThePaymentIsPending(string method, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CheckoutTimeouts.Default.PaymentWaitFor(method));

    [Theory]
    [InlineData(PaymentMethods.Card)]
    [InlineData(PaymentMethods.BankTransfer)]
    public void KeepsTheHoldPastEveryWaitBeforeConfirmation_WhenStockIsReserved(string method)
    {
        var timeouts = CheckoutTimeouts.Default;

        Assert.True(timeouts.HoldFor(method) > timeouts.Review + timeouts.PaymentWaitFor(method));
    }
}
