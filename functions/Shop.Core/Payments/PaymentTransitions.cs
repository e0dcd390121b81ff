namespace Shop.Core.Payments;

/// <summary>
/// Which operation applies to which status, for every provider. Bank transfers arrive captured
/// (the money is in, nothing is held), so compensation follows the status: void what is not
/// captured, refund what is.
/// </summary>
public static class PaymentTransitions
{
    public static bool CanCapture(PaymentStatus status) => status == PaymentStatus.Authorized;

    public static bool CanVoid(PaymentStatus status) =>
        status is PaymentStatus.Authorized or PaymentStatus.RequiresAction or PaymentStatus.AwaitingTransfer;

    public static bool CanRefund(PaymentStatus status) => status == PaymentStatus.Captured;

    public static bool CanCompleteAction(PaymentStatus status) => status == PaymentStatus.RequiresAction;

    public static bool CanReceiveTransfer(PaymentStatus status) => status == PaymentStatus.AwaitingTransfer;

    public static void EnsureCanCapture(string paymentId, PaymentStatus status)
    {
        if (!CanCapture(status))
        {
            throw new PaymentStateException(paymentId, status, "captured");
        }
    }

    public static void EnsureCanVoid(string paymentId, PaymentStatus status)
    {
        if (!CanVoid(status))
        {
            throw new PaymentStateException(paymentId, status, "voided");
        }
    }

    public static void EnsureCanRefund(string paymentId, PaymentStatus status)
    {
        if (!CanRefund(status))
        {
            throw new PaymentStateException(paymentId, status, "refunded");
        }
    }

    /// <summary>After a capture: the money must have been taken.</summary>
    public static void EnsureCaptured(string paymentId, PaymentStatus status)
    {
        if (status != PaymentStatus.Captured)
        {
            throw new PaymentStateException(paymentId, status, "captured");
        }
    }
}
