using System.Net;
using Shop.Core.Common;
using Shop.Core.Orders;
using Shop.Core.Payments;

namespace Shop.Integration.Tests.Payments;

/// <summary>The Stripe adapter against a stub answering with Stripe's documented objects and errors.</summary>
public sealed class StripePaymentGatewayTests : IDisposable
{
    private const string IntentId = "pi_3MtwBwLkdIwHu7ix28a3tqPa";
    private readonly StripeStub _stripe = new();

    public void Dispose() => _stripe.Dispose();

    private static AuthorizePayment Card(string token = "pm_card_visa", string key = "o-1:authorize") =>
        new("o-1", PaymentMethods.Card, token, 2000, "EUR", key);

    [Fact]
    public async Task CreatesAndConfirmsAManualCapturePaymentIntent_WhenAuthorizingACard()
    {
        _stripe.Answer("payment-intent-requires-capture.json");

        await _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None);

        var request = _stripe.Request;
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.stripe.com/v1/payment_intents", request.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(
        [
            KeyValuePair.Create("amount", "2000"),
            KeyValuePair.Create("currency", "eur"),
            KeyValuePair.Create("confirm", "true"),
            KeyValuePair.Create("metadata[order_id]", "o-1"),
            KeyValuePair.Create("capture_method", "manual"),
            KeyValuePair.Create("payment_method", "pm_card_visa"),
            KeyValuePair.Create("payment_method_types[]", "card"),
        ], request.Form);
    }

    [Fact]
    public async Task SendsTheKeyTheVersionAndTheIdempotencyKey_WhenCallingStripe()
    {
        _stripe.Answer("payment-intent-requires-capture.json");

        await _stripe.Gateway.AuthorizeAsync(Card(key: "o-1:authorize"), CancellationToken.None);

        Assert.Equal("Bearer " + StripeStub.ApiKey, _stripe.Request.Authorization);
        Assert.Equal("o-1:authorize", _stripe.Request.IdempotencyKey);
        Assert.Equal("2025-04-30.basil", _stripe.Request.StripeVersion);
    }

    [Fact]
    public async Task ReturnsAuthorized_WhenTheIntentRequiresCapture()
    {
        _stripe.Answer("payment-intent-requires-capture.json");

        var payment = await _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None);

        Assert.Equal(new PaymentAuthorization(IntentId, PaymentStatus.Authorized, null), payment);
    }

    [Fact]
    public async Task ReturnsRequiresAction_WhenTheCardAsksFor3DSecure()
    {
        _stripe.Answer("payment-intent-requires-action.json");

        var payment = await _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None);

        Assert.Equal(PaymentStatus.RequiresAction, payment.Status);
    }

    [Fact]
    public async Task ReturnsDeclinedWithTheIssuersCode_WhenStripeAnswers402CardError()
    {
        _stripe.Answer("error-card-declined.json", HttpStatusCode.PaymentRequired);

        var payment = await _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None);

        Assert.Equal(new PaymentAuthorization(IntentId, PaymentStatus.Declined, "insufficient_funds"), payment);
    }

    [Fact]
    public async Task ReturnsStripesDeclineCode_WhenTheDeclineIsGeneric()
    {
        _stripe.Answer("error-generic-decline.json", HttpStatusCode.PaymentRequired);

        var payment = await _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None);

        Assert.Equal((PaymentStatus.Declined, "generic_decline"), (payment.Status, payment.DeclineCode));
    }

    [Fact]
    public async Task DeclinesAsInvalidToken_WhenStripeDoesNotKnowThePaymentMethod()
    {
        _stripe.Answer("error-no-such-payment-method.json", HttpStatusCode.BadRequest);

        var payment = await _stripe.Gateway.AuthorizeAsync(Card("pm_unknown"), CancellationToken.None);

        Assert.Equal(new PaymentAuthorization("", PaymentStatus.Declined, PaymentDeclineCodes.InvalidToken), payment);
    }

    [Fact]
    public async Task AsksForACustomerBalanceBankTransfer_WhenTheMethodIsBankTransfer()
    {
        _stripe.Answer("payment-intent-bank-transfer.json");

        var payment = await _stripe.Gateway.AuthorizeAsync(
            new AuthorizePayment("o-1", PaymentMethods.BankTransfer, "cus_NffrFeUfNV2Hib", 2000, "EUR", "o-1:authorize"), CancellationToken.None);

        Assert.Equal(PaymentStatus.AwaitingTransfer, payment.Status);
        var form = _stripe.Request.Form.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal("cus_NffrFeUfNV2Hib", form["customer"]);
        Assert.Equal("customer_balance", form["payment_method_types[]"]);
        Assert.Equal("customer_balance", form["payment_method_data[type]"]);
        Assert.Equal("bank_transfer", form["payment_method_options[customer_balance][funding_type]"]);
        Assert.Equal("eu_bank_transfer", form["payment_method_options[customer_balance][bank_transfer][type]"]);
        Assert.Equal("DE", form["payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]"]);
        Assert.DoesNotContain("capture_method", form.Keys);
    }

    [Fact]
    public async Task RefusesBeforeSendingAnything_WhenTheTokenLooksLikeACardNumber()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _stripe.Gateway.AuthorizeAsync(Card("4242424242424242"), CancellationToken.None));

        Assert.Empty(_stripe.Requests);
        Assert.DoesNotContain("4242", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "error-api.json")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "error-api.json")]
    [InlineData(HttpStatusCode.TooManyRequests, "error-rate-limit.json")]
    [InlineData(HttpStatusCode.Conflict, "error-api.json")]
    public async Task ThrowsUnavailable_WhenStripeAnswersATransientError(HttpStatusCode status, string fixture)
    {
        _stripe.Answer(fixture, status);

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None));
    }

    [Fact]
    public async Task ThrowsUnavailable_WhenStripeSaysTheRequestShouldBeRetried()
    {
        _stripe.Answer("error-api.json", HttpStatusCode.BadRequest, shouldRetry: true);

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None));
    }

    [Fact]
    public async Task ThrowsUnavailable_WhenTheConnectionFails()
    {
        _stripe.Fail(new HttpRequestException("Connection reset by peer"));

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None));
    }

    [Fact]
    public async Task ThrowsUnavailable_WhenStripeDoesNotAnswerInTime()
    {
        _stripe.Fail(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout."));

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None));
    }

    [Fact]
    public async Task ThrowsWithoutRetrying_WhenStripeRefusesTheApiKey()
    {
        _stripe.Answer("error-authentication.json", HttpStatusCode.Unauthorized);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None));

        Assert.Contains("API key", error.Message);
    }

    [Fact]
    public async Task RefusesTheKey_WhenStripeSaysItWasUsedForAnotherRequest()
    {
        _stripe.Answer("error-idempotency.json", HttpStatusCode.BadRequest);

        await Assert.ThrowsAsync<ArgumentException>(() => _stripe.Gateway.AuthorizeAsync(Card(), CancellationToken.None));
    }

    [Fact]
    public async Task CapturesTheAmountWithTheKey_WhenCapturing()
    {
        _stripe.Answer("payment-intent-succeeded.json");

        var payment = await _stripe.Gateway.CaptureAsync(IntentId, 1500, "o-1:capture", CancellationToken.None);

        Assert.Equal(new PaymentAuthorization(IntentId, PaymentStatus.Captured, null), payment);
        Assert.Equal($"https://api.stripe.com/v1/payment_intents/{IntentId}/capture", _stripe.Request.Uri.ToString());
        Assert.Equal("1500", _stripe.Request.Field("amount_to_capture"));
        Assert.Equal("o-1:capture", _stripe.Request.IdempotencyKey);
    }

    [Fact]
    public async Task ThrowsPaymentState_WhenCapturingACanceledIntent()
    {
        _stripe.Answer("error-unexpected-state.json", HttpStatusCode.BadRequest);

        var error = await Assert.ThrowsAsync<PaymentStateException>(() => _stripe.Gateway.CaptureAsync(IntentId, 2000, "o-1:capture", CancellationToken.None));

        Assert.Equal((IntentId, PaymentStatus.Voided), (error.PaymentId, error.Status));
    }

    [Fact]
    public async Task CancelsTheIntent_WhenVoiding()
    {
        _stripe.Answer("payment-intent-canceled.json");

        var payment = await _stripe.Gateway.VoidAsync(IntentId, "o-1:void", CancellationToken.None);

        Assert.Equal(PaymentStatus.Voided, payment.Status);
        Assert.Equal($"https://api.stripe.com/v1/payment_intents/{IntentId}/cancel", _stripe.Request.Uri.ToString());
        Assert.Equal("o-1:void", _stripe.Request.IdempotencyKey);
    }

    [Fact]
    public async Task ReadsTheStateAndThrowsPaymentState_WhenStripeRefusesARefundWithoutSayingWhy()
    {
        _stripe.Answer("error-refund-not-captured.json", HttpStatusCode.BadRequest).Answer("payment-intent-requires-capture.json");

        var error = await Assert.ThrowsAsync<PaymentStateException>(() => _stripe.Gateway.RefundAsync(IntentId, 2000, "o-1:refund", CancellationToken.None));

        Assert.Equal(PaymentStatus.Authorized, error.Status);
        Assert.Equal(HttpMethod.Get, _stripe.Requests[1].Method);
    }

    [Fact]
    public async Task RefundsTheIntentWithTheChargeExpanded_WhenRefunding()
    {
        _stripe.Answer("refund-full.json");

        var payment = await _stripe.Gateway.RefundAsync(IntentId, 2000, "o-1:refund", CancellationToken.None);

        Assert.Equal(new PaymentAuthorization(IntentId, PaymentStatus.Refunded, null), payment);
        Assert.Equal("https://api.stripe.com/v1/refunds", _stripe.Request.Uri.ToString());
        Assert.Equal(
        [
            KeyValuePair.Create("payment_intent", IntentId),
            KeyValuePair.Create("amount", "2000"),
            KeyValuePair.Create("expand[]", "charge"),
        ], _stripe.Request.Form);
        Assert.Equal("o-1:refund", _stripe.Request.IdempotencyKey);
    }

    [Fact]
    public async Task StaysCaptured_WhenTheRefundIsPartial()
    {
        _stripe.Answer("refund-partial.json");

        var payment = await _stripe.Gateway.RefundAsync(IntentId, 500, "o-1:refund", CancellationToken.None);

        Assert.Equal(PaymentStatus.Captured, payment.Status);
    }

    [Theory]
    [InlineData("payment-intent-requires-capture.json", PaymentStatus.Authorized)]
    [InlineData("payment-intent-succeeded-expanded.json", PaymentStatus.Captured)]
    [InlineData("payment-intent-succeeded-refunded.json", PaymentStatus.Refunded)]
    [InlineData("payment-intent-canceled.json", PaymentStatus.Voided)]
    [InlineData("payment-intent-declined.json", PaymentStatus.Declined)]
    [InlineData("payment-intent-bank-transfer.json", PaymentStatus.AwaitingTransfer)]
    public async Task MapsTheIntentsStatus_WhenReadingAPayment(string fixture, PaymentStatus expected)
    {
        _stripe.Answer(fixture);

        var payment = await _stripe.Gateway.GetAsync(IntentId, CancellationToken.None);

        Assert.Equal(expected, payment.Status);
        Assert.Equal(HttpMethod.Get, _stripe.Request.Method);
        Assert.Equal($"/v1/payment_intents/{IntentId}", _stripe.Request.Uri.AbsolutePath);
        Assert.Equal("expand[]=latest_charge", Uri.UnescapeDataString(_stripe.Request.Uri.Query.TrimStart('?')));
    }

    [Fact]
    public async Task ThrowsNotFound_WhenStripeDoesNotKnowThePayment()
    {
        _stripe.Answer("error-no-such-intent.json", HttpStatusCode.NotFound);

        await Assert.ThrowsAsync<NotFoundException>(() => _stripe.Gateway.GetAsync("pi_missing", CancellationToken.None));
    }
}
