namespace Shop.Core.Payments;

/// <summary>
/// Authorize the order's amount with the shopper's payment method.
/// <paramref name="Method"/> is <c>card</c> or <c>bank_transfer</c> (<see cref="Orders.PaymentMethods"/>);
/// <paramref name="Token"/> is the provider's token for it, never a card number;
/// <paramref name="Amount"/> is in minor units of <paramref name="Currency"/> (ISO 4217).
/// </summary>
public sealed record AuthorizePayment(string OrderId, string Method, string Token, long Amount, string Currency, string IdempotencyKey)
{
    // The token stays out of every log line that prints the request.
    public override string ToString() =>
        $"AuthorizePayment {{ OrderId = {OrderId}, Method = {Method}, Token = (redacted), Amount = {Amount}, Currency = {Currency}, IdempotencyKey = {IdempotencyKey} }}";
}

/// <summary>
/// A payment as the provider reports it after an operation. <see cref="DeclineCode"/> is set when
/// the status is <see cref="PaymentStatus.Declined"/> (<c>card_declined</c>, <c>insufficient_funds</c>, ...).
/// </summary>
public sealed record PaymentAuthorization(string PaymentId, PaymentStatus Status, string? DeclineCode);

/// <summary>
/// Decline codes Shop itself relies on; providers report others too (Stripe's <c>decline_code</c>s)
/// and they pass through unchanged.
/// </summary>
public static class PaymentDeclineCodes
{
    public const string CardDeclined = "card_declined";
    public const string InsufficientFunds = "insufficient_funds";

    /// <summary>The provider does not know the token: it never issued it, or it expired.</summary>
    public const string InvalidToken = "invalid_token";
}

/// <summary>
/// A payment provider: authorize, then capture on shipment, or void / refund to compensate.
/// <para>
/// Every operation that moves money takes an idempotency key: a repeat with the same key and the
/// same request returns the first result and acts no second time, however many run at once; the
/// same key with a different request is refused (<see cref="ArgumentException"/>).
/// </para>
/// <para>
/// Outcomes the shopper's bank decides (declined, insufficient funds) are results, never
/// exceptions. <see cref="PaymentProviderUnavailableException"/> is transient: retry with the same
/// key. <see cref="PaymentStateException"/> means the payment is not in a state the operation
/// applies to (capturing a voided payment, voiding a captured one). A token that looks like a card
/// number is refused with <see cref="ArgumentException"/> before anything is sent or stored.
/// </para>
/// </summary>
public interface IPaymentGateway
{
    Task<PaymentAuthorization> AuthorizeAsync(AuthorizePayment request, CancellationToken cancellationToken);

    /// <summary>The payment as it stands now; <see cref="Common.NotFoundException"/> when the provider does not know it.</summary>
    Task<PaymentAuthorization> GetAsync(string paymentId, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="amount"/> (at most the authorized amount) of an <see cref="PaymentStatus.Authorized"/> payment.</summary>
    Task<PaymentAuthorization> CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Releases a payment that was not captured (authorized, or still waiting for the shopper or their transfer).</summary>
    Task<PaymentAuthorization> VoidAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Gives back <paramref name="amount"/> of a <see cref="PaymentStatus.Captured"/> payment. The status becomes
    /// <see cref="PaymentStatus.Refunded"/> once everything captured is refunded; a partial refund leaves it captured.
    /// </summary>
    Task<PaymentAuthorization> RefundAsync(string paymentId, long amount, string idempotencyKey, CancellationToken cancellationToken);
}
