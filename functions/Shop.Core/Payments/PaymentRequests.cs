using Shop.Core.Orders;

namespace Shop.Core.Payments;

/// <summary>
/// Checks every gateway runs before it sends or stores anything. Messages never repeat the token,
/// so a refused card number reaches no log.
/// </summary>
public static class PaymentRequests
{
    /// <summary>Stripe's limit, and ample for <c>&lt;order&gt;:&lt;step&gt;</c> keys.</summary>
    public const int MaxIdempotencyKeyLength = 255;

    public static void EnsureValid(AuthorizePayment request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Token))
        {
            throw new ArgumentException("A payment token is required.", nameof(request));
        }
        if (PaymentTokens.LooksLikeCardNumber(request.Token))
        {
            throw new ArgumentException("The payment token looks like a card number; only a payment provider's token is accepted.", nameof(request));
        }
        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            throw new ArgumentException("The order id is required.", nameof(request));
        }
        if (!PaymentMethods.All.Contains(request.Method))
        {
            throw new ArgumentException($"The payment method must be one of: {string.Join(", ", PaymentMethods.All)}.", nameof(request));
        }
        EnsureAmount(request.Amount);
        if (request.Currency is not { Length: 3 } currency || !currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException("The currency must be an upper-case ISO 4217 code.", nameof(request));
        }
        EnsureIdempotencyKey(request.IdempotencyKey);
    }

    public static void EnsureAmount(long amount)
    {
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "The amount must be a positive number of minor units.");
        }
    }

    public static void EnsurePaymentId(string paymentId)
    {
        if (string.IsNullOrWhiteSpace(paymentId) || paymentId.Length > 255 || paymentId.Any(char.IsControl))
        {
            throw new ArgumentException("The payment id is required (at most 255 characters, no control characters).", nameof(paymentId));
        }
    }

    /// <summary>Keys travel in an HTTP header at some providers: printable, 1 to 255 characters.</summary>
    public static void EnsureIdempotencyKey(string idempotencyKey)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength || !idempotencyKey.All(c => c is >= ' ' and <= '~'))
        {
            throw new ArgumentException($"The idempotency key must be 1 to {MaxIdempotencyKeyLength} printable ASCII characters.", nameof(idempotencyKey));
        }
    }
}
