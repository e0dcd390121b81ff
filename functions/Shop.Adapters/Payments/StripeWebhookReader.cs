using System.Text.Json;
using Shop.Core.Payments;

namespace Shop.Adapters.Payments;

/// <summary>
/// Reads Stripe's webhooks: the <c>Stripe-Signature</c> header is checked with the endpoint's
/// secret (<see cref="WebhookSignature"/>, 300 s tolerance), then the event is translated. The
/// PaymentIntent events carry the intent as it was when the event happened, so the status is read
/// from it; <c>charge.refunded</c> names its intent and says whether everything is refunded. The
/// order id comes from the intent's (or charge's) <c>metadata.order_id</c>, which Shop sets on
/// creation. Other event types are genuine but not acted on (<see cref="UnsupportedWebhookEventException"/>).
/// </summary>
public sealed class StripeWebhookReader(string webhookSecret, TimeSpan? tolerance = null) : IPaymentWebhookReader
{
    public const string SignatureHeader = "Stripe-Signature";

    private static readonly StripeJsonContext Json = StripeJsonContext.Default;

    private readonly TimeSpan _tolerance = tolerance ?? WebhookSignature.DefaultTolerance;

    public PaymentWebhookEvent Read(ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers, DateTimeOffset now)
    {
        WebhookSignature.Verify(WebhookSignature.Header(headers, SignatureHeader), webhookSecret, body, now, _tolerance);
        var @event = Parse(body, Json.StripeEvent);
        if (@event.Data is not { Object.ValueKind: JsonValueKind.Object } data)
        {
            throw new FormatException($"Stripe event {@event.Id} has no data.object.");
        }
        var occurredAt = DateTimeOffset.FromUnixTimeSeconds(@event.Created);
        var type = @event.Type switch
        {
            "payment_intent.amount_capturable_updated" => PaymentEventTypes.Authorized,
            "payment_intent.succeeded" => PaymentEventTypes.Captured,
            "payment_intent.payment_failed" => PaymentEventTypes.Failed,
            "payment_intent.canceled" => PaymentEventTypes.Voided,
            "payment_intent.requires_action" => PaymentEventTypes.ActionRequired,
            "charge.refunded" => PaymentEventTypes.Refunded,
            _ => throw new UnsupportedWebhookEventException(@event.Id, @event.Type),
        };
        if (type == PaymentEventTypes.Refunded)
        {
            var charge = Parse(data.Object, Json.StripeCharge);
            return charge.PaymentIntent is { Length: > 0 } paymentId
                ? new PaymentWebhookEvent(@event.Id, type, paymentId, StripeIntents.OrderId(charge.Metadata),
                    charge.Refunded ? PaymentStatus.Refunded : PaymentStatus.Captured, occurredAt)
                // A charge made without a PaymentIntent is not one of Shop's payments.
                : throw new UnsupportedWebhookEventException(@event.Id, @event.Type);
        }
        var intent = Parse(data.Object, Json.StripePaymentIntent);
        var payment = StripeIntents.ToAuthorization(intent);
        return new PaymentWebhookEvent(@event.Id, type, payment.PaymentId, StripeIntents.OrderId(intent.Metadata), payment.Status, occurredAt);
    }

    private static T Parse<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new FormatException("The Stripe webhook's body is empty.");
        }
        catch (JsonException error)
        {
            throw new FormatException("The Stripe webhook's body is not a Stripe event.", error);
        }
    }

    private static T Parse<T>(JsonElement json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return json.Deserialize(type) ?? throw new FormatException("The Stripe event's object is empty.");
        }
        catch (JsonException error)
        {
            throw new FormatException("The Stripe event's object is not what its type says.", error);
        }
    }
}
