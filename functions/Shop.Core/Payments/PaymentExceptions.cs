namespace Shop.Core.Payments;

/// <summary>The provider could not be reached or answered with a transient error; retry with the same idempotency key.</summary>
public sealed class PaymentProviderUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>The payment is not in a state the operation applies to (capture of a voided payment, void of a captured one, ...).</summary>
public sealed class PaymentStateException(string paymentId, PaymentStatus status, string operation)
    : Exception($"Payment {paymentId} is {status.Name()}; it cannot be {operation}.")
{
    public string PaymentId { get; } = paymentId;

    public PaymentStatus Status { get; } = status;

    public string Operation { get; } = operation;
}

/// <summary>A webhook whose signature is missing, malformed, stale or does not match: it did not come from the provider (400).</summary>
public sealed class InvalidWebhookSignatureException(string message) : Exception(message);

/// <summary>
/// A correctly signed webhook of a kind Shop does not act on. Answer it with 2xx (the provider
/// would otherwise send it again for days) and drop it.
/// </summary>
public sealed class UnsupportedWebhookEventException(string eventId, string type)
    : Exception($"Webhook event {eventId} of type '{type}' is not one Shop acts on.")
{
    public string EventId { get; } = eventId;

    public string Type { get; } = type;
}
