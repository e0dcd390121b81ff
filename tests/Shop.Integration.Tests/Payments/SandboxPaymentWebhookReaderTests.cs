using System.Text;
using Shop.Adapters.Payments;
using Shop.Core.Payments;

namespace Shop.Integration.Tests.Payments;

public sealed class SandboxPaymentWebhookReaderTests
{
    private const string Secret = "sandbox-local-secret";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private readonly SandboxPaymentWebhookReader _reader = new(Secret);

    private static Dictionary<string, string> Signed(byte[] body, string secret = Secret) =>
        new() { [SandboxPaymentWebhookReader.SignatureHeader] = WebhookSignature.Sign(secret, Now, body) };

    private static byte[] Body(string type = PaymentEventTypes.Captured, string status = "captured") => Encoding.UTF8.GetBytes(
        $$"""{"id":"evt-1","type":"{{type}}","paymentId":"pay-1","orderId":"o-1","status":"{{status}}","occurredAt":"2026-12-03T09:59:58+00:00"}""");

    [Fact]
    public void ReadsTheEvent_WhenSignedWithTheSandboxSecret()
    {
        var body = Body();

        var @event = _reader.Read(body, Signed(body), Now);

        Assert.Equal(
            new PaymentWebhookEvent("evt-1", PaymentEventTypes.Captured, "pay-1", "o-1", PaymentStatus.Captured, Now.AddSeconds(-2)),
            @event);
    }

    [Fact]
    public void Refuses_WhenSignedWithAnotherSecret()
    {
        var body = Body();

        Assert.Throws<InvalidWebhookSignatureException>(() => _reader.Read(body, Signed(body, "someone-else"), Now));
    }

    [Fact]
    public void Refuses_WhenTheBodyWasChangedAfterSigning()
    {
        var headers = Signed(Body());

        Assert.Throws<InvalidWebhookSignatureException>(() => _reader.Read(Body(status: "refunded"), headers, Now));
    }

    [Fact]
    public void ThrowsUnsupported_WhenTheTypeIsNotAPaymentEvent()
    {
        var body = Body(type: "payment.teleported");

        Assert.Throws<UnsupportedWebhookEventException>(() => _reader.Read(body, Signed(body), Now));
    }

    [Fact]
    public void ThrowsFormat_WhenTheStatusIsUnknown()
    {
        var body = Body(status: "pending");

        Assert.Throws<FormatException>(() => _reader.Read(body, Signed(body), Now));
    }
}
