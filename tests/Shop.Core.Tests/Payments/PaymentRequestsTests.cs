using Shop.Core.Payments;
using static Shop.Core.Tests.Builders.AuthorizePaymentBuilder;

namespace Shop.Core.Tests.Payments;

public sealed class PaymentRequestsTests
{
    [Theory]
    [InlineData("4242424242424242")]
    [InlineData("tok_4000 0566 5566 5556")]
    public void RefusesWithoutRepeatingTheNumber_WhenTheTokenLooksLikeACardNumber(string token)
    {
        var error = Assert.Throws<ArgumentException>(() => PaymentRequests.EnsureValid(AnAuthorization().WithToken(token).Build()));

        Assert.Contains("card number", error.Message);
        Assert.DoesNotContain("4242", error.Message);
        Assert.DoesNotContain("5556", error.Message);
    }

    [Fact]
    public void LeavesTheTokenOut_WhenTheRequestIsPrinted()
    {
        var text = AnAuthorization().WithToken("tok_secret_value").Build().ToString();

        Assert.DoesNotContain("tok_secret_value", text);
        Assert.Contains("o-1", text);
    }

    [Fact]
    public void Accepts_WhenTheRequestIsValid() =>
        PaymentRequests.EnsureValid(AnAuthorization().Build());

    [Fact]
    public void Refuses_WhenTheMethodIsUnknown() =>
        Assert.Throws<ArgumentException>(() => PaymentRequests.EnsureValid(AnAuthorization().WithMethod("cash").Build()));

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void Refuses_WhenTheAmountIsNotPositive(long amount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentRequests.EnsureValid(AnAuthorization().WithAmount(amount).Build()));

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    public void Refuses_WhenTheCurrencyIsNotAnUpperCaseIsoCode(string currency) =>
        Assert.Throws<ArgumentException>(() => PaymentRequests.EnsureValid(AnAuthorization().WithCurrency(currency).Build()));

    [Theory]
    [InlineData("")]
    [InlineData("key\nwith-newline")]
    [InlineData("clé")]
    public void Refuses_WhenTheIdempotencyKeyCannotTravelInAHeader(string key) =>
        Assert.Throws<ArgumentException>(() => PaymentRequests.EnsureValid(AnAuthorization().WithKey(key).Build()));

    [Fact]
    public void Refuses_WhenTheIdempotencyKeyIsTooLong() =>
        Assert.Throws<ArgumentException>(() => PaymentRequests.EnsureIdempotencyKey(new string('k', PaymentRequests.MaxIdempotencyKeyLength + 1)));
}
