using Shop.Core.Orders;

namespace Shop.Core.Tests.Orders;

public sealed class PaymentTokensTests
{
    [Theory]
    [InlineData("4242424242424242")]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("5555-5555-5555-4444")]
    [InlineData("card:378282246310005")]
    [InlineData("tok_4000056655665556")]
    public void RecognisesACardNumber_WhenTheTokenHoldsOne(string token) =>
        Assert.True(PaymentTokens.LooksLikeCardNumber(token));

    [Theory]
    [InlineData("tok_approve")]
    [InlineData("tok_3ds_required")]
    [InlineData("pm_1NvX8z2eZvKYlo2C0abc")]
    [InlineData("4242424242424241")]
    [InlineData("12345678901")]
    public void AcceptsTheToken_WhenItHoldsNoValidCardNumber(string token) =>
        Assert.False(PaymentTokens.LooksLikeCardNumber(token));
}
