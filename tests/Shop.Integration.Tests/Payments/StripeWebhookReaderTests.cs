using System.Text;
using Shop.Adapters.Payments;
using Shop.Core.Payments;

namespace Shop.Integration.Tests.Payments;

/// <summary>Stripe's webhook events as its docs show them, signed the way Stripe signs them.</summary>
public sealed class StripeWebhookReaderTests
{
    private const string Secret = "whsec_5e7d3c1f0b9a8e6d4c2b1a0f9e8d7c6b";
    private const string IntentId = "pi_3MtwBwLkdIwHu7ix28a3tqPa";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1680800710);
    private readonly StripeWebhookReader _reader = new(Secret);

    private PaymentWebhookEvent Read(string fixture)
    {
        var body = Encoding.UTF8.GetBytes(StripeStub.Fixture(fixture));
        var headers = new Dictionary<string, string> { ["Stripe-Signature"] = WebhookSignature.Sign(Secret, Now.AddSeconds(-2), body) };
        return _reader.Read(body, headers, Now);
    }

    [Fact]
    public void ReadsAnAuthorization_WhenTheAmountBecomesCapturable()
    {
        var @event = Read("event-amount-capturable-updated.json");

        Assert.Equal(
            new PaymentWebhookEvent("evt_3MtwBwLkdIwHu7ix0Cap", PaymentEventTypes.Authorized, IntentId, "o-1", PaymentStatus.Authorized,
                DateTimeOffset.FromUnixTimeSeconds(1680800700)),
            @event);
    }

    [Theory]
    [InlineData("event-succeeded.json", PaymentEventTypes.Captured, PaymentStatus.Captured)]
    [InlineData("event-payment-failed.json", PaymentEventTypes.Failed, PaymentStatus.Declined)]
    [InlineData("event-payment-failed-authentication.json", PaymentEventTypes.Failed, PaymentStatus.Failed)]
    [InlineData("event-canceled.json", PaymentEventTypes.Voided, PaymentStatus.Voided)]
    [InlineData("event-requires-action.json", PaymentEventTypes.ActionRequired, PaymentStatus.RequiresAction)]
    [InlineData("event-requires-action-bank-transfer.json", PaymentEventTypes.ActionRequired, PaymentStatus.AwaitingTransfer)]
    [InlineData("event-charge-refunded.json", PaymentEventTypes.Refunded, PaymentStatus.Refunded)]
    [InlineData("event-charge-refunded-partially.json", PaymentEventTypes.Refunded, PaymentStatus.Captured)]
    public void TranslatesTheEvent_WhenItIsOneShopActsOn(string fixture, string type, PaymentStatus status)
    {
        var @event = Read(fixture);

        Assert.Equal((type, status, IntentId, "o-1"), (@event.Type, @event.Status, @event.PaymentId, @event.OrderId));
    }

    [Fact]
    public void ThrowsUnsupported_WhenTheEventIsOneShopDoesNotActOn()
    {
        var error = Assert.Throws<UnsupportedWebhookEventException>(() => Read("event-customer-created.json"));

        Assert.Equal(("evt_1NG8Du2eZvKYlo2CUI79vXWy", "customer.created"), (error.EventId, error.Type));
    }

    [Fact]
    public void RefusesTheEvent_WhenItsBodyWasChangedAfterSigning()
    {
        var body = Encoding.UTF8.GetBytes(StripeStub.Fixture("event-succeeded.json"));
        var headers = new Dictionary<string, string> { ["Stripe-Signature"] = WebhookSignature.Sign(Secret, Now, body) };
        var forged = Encoding.UTF8.GetBytes(StripeStub.Fixture("event-succeeded.json").Replace("\"o-1\"", "\"o-2\""));

        Assert.Throws<InvalidWebhookSignatureException>(() => _reader.Read(forged, headers, Now));
    }

    [Fact]
    public void RefusesTheEvent_WhenItIsReplayedAfterTheTolerance()
    {
        var body = Encoding.UTF8.GetBytes(StripeStub.Fixture("event-succeeded.json"));
        var headers = new Dictionary<string, string> { ["Stripe-Signature"] = WebhookSignature.Sign(Secret, Now, body) };

        Assert.Throws<InvalidWebhookSignatureException>(() => _reader.Read(body, headers, Now.AddMinutes(6)));
    }

    [Fact]
    public void RefusesTheEvent_WhenItCarriesNoSignature() =>
        Assert.Throws<InvalidWebhookSignatureException>(() =>
            _reader.Read(Encoding.UTF8.GetBytes(StripeStub.Fixture("event-succeeded.json")), new Dictionary<string, string>(), Now));
}
