namespace Shop.Core.Payments;

/// <summary>
/// Webhooks arrive late, twice, and out of order. A payment's status only moves forward, so an
/// event is applied only when it moves the status we hold forward: a late <c>authorized</c> after
/// <c>captured</c> is ignored, a redelivered <c>captured</c> changes nothing, and nothing moves a
/// final status (declined, failed, voided, refunded). Skipping ahead is allowed (a refund seen
/// before its capture's event still lands).
/// </summary>
public static class PaymentEvents
{
    private static readonly PaymentStatus[] FromPending =
    [
        PaymentStatus.Authorized, PaymentStatus.Captured, PaymentStatus.Refunded,
        PaymentStatus.Declined, PaymentStatus.Failed, PaymentStatus.Voided,
    ];

    private static readonly PaymentStatus[] FromAuthorized = [PaymentStatus.Captured, PaymentStatus.Refunded, PaymentStatus.Voided];

    private static readonly PaymentStatus[] FromCaptured = [PaymentStatus.Refunded];

    /// <param name="current">The status Shop holds for the payment; null when it has none yet.</param>
    public static bool ShouldApply(PaymentStatus? current, PaymentWebhookEvent incoming) => ShouldApply(current, incoming.Status);

    public static bool ShouldApply(PaymentStatus? current, PaymentStatus incoming) => current switch
    {
        null => true,
        PaymentStatus.RequiresAction or PaymentStatus.AwaitingTransfer => FromPending.Contains(incoming),
        PaymentStatus.Authorized => FromAuthorized.Contains(incoming),
        PaymentStatus.Captured => FromCaptured.Contains(incoming),
        _ => false,
    };
}
