namespace Shop.Core.Payments;

/// <summary>
/// What a provider's webhook says happened to a payment, in Shop's terms. <see cref="EventId"/> is
/// the provider's event id (the same on every redelivery); <see cref="Type"/> is one of
/// <see cref="PaymentEventTypes"/>; <see cref="Status"/> is the payment's status after the event.
/// </summary>
public sealed record PaymentWebhookEvent(
    string EventId,
    string Type,
    string PaymentId,
    string? OrderId,
    PaymentStatus Status,
    DateTimeOffset OccurredAt);

/// <summary>Values of <see cref="PaymentWebhookEvent.Type"/>.</summary>
public static class PaymentEventTypes
{
    /// <summary>Funds are held (after a challenge, or when the provider authorizes later than the call).</summary>
    public const string Authorized = "payment.authorized";

    /// <summary>The shopper must act (3-D Secure), or transfer the money (bank transfer).</summary>
    public const string ActionRequired = "payment.action_required";

    /// <summary>The shopper finished the challenge: the status says how it went (authorized or failed).</summary>
    public const string ActionCompleted = "payment.action_completed";

    /// <summary>The payment failed or was declined: the status says which.</summary>
    public const string Failed = "payment.failed";

    public const string Captured = "payment.captured";

    public const string Voided = "payment.voided";

    /// <summary>A refund went through; the status is refunded once everything is refunded, captured after a partial one.</summary>
    public const string Refunded = "payment.refunded";
}

/// <summary>Reads a provider's webhook: checks it is genuinely the provider's, then translates it.</summary>
public interface IPaymentWebhookReader
{
    /// <summary>
    /// Verifies the signature over the raw <paramref name="body"/> exactly as received (throws
    /// <see cref="InvalidWebhookSignatureException"/>) and parses it. <paramref name="now"/> bounds
    /// the signature's age, so a recorded webhook cannot be replayed later. Throws
    /// <see cref="UnsupportedWebhookEventException"/> for a genuine event Shop does not act on.
    /// </summary>
    PaymentWebhookEvent Read(ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers, DateTimeOffset now);
}
