namespace Shop.Core.Payments;

/// <summary>Where a payment stands at the provider.</summary>
public enum PaymentStatus
{
    /// <summary>Funds are held on the shopper's card; capture moves them, void releases them.</summary>
    Authorized,

    /// <summary>The shopper must complete a challenge (3-D Secure); the outcome arrives later (webhook, or the return to the shop).</summary>
    RequiresAction,

    /// <summary>A bank transfer was asked for; the payment completes when the money arrives.</summary>
    AwaitingTransfer,

    /// <summary>The card issuer refused; <see cref="PaymentAuthorization.DeclineCode"/> says why. Final.</summary>
    Declined,

    /// <summary>The money was taken (a capture, or a bank transfer that arrived).</summary>
    Captured,

    /// <summary>The authorization was released before any capture. Final.</summary>
    Voided,

    /// <summary>Everything captured was given back. Final.</summary>
    Refunded,

    /// <summary>The payment could not complete (a failed challenge, an error at the provider). Final.</summary>
    Failed,
}

/// <summary>Payment statuses as JSON, the table and the webhooks spell them.</summary>
public static class PaymentStatuses
{
    private static readonly Dictionary<PaymentStatus, string> Names = new()
    {
        [PaymentStatus.Authorized] = "authorized",
        [PaymentStatus.RequiresAction] = "requires_action",
        [PaymentStatus.AwaitingTransfer] = "awaiting_transfer",
        [PaymentStatus.Declined] = "declined",
        [PaymentStatus.Captured] = "captured",
        [PaymentStatus.Voided] = "voided",
        [PaymentStatus.Refunded] = "refunded",
        [PaymentStatus.Failed] = "failed",
    };

    private static readonly Dictionary<string, PaymentStatus> ByName = Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.Ordinal);

    public static string Name(this PaymentStatus status) => Names[status];

    public static PaymentStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new FormatException($"Unknown payment status '{name}'.");

    public static bool TryParse(string? name, out PaymentStatus status) => ByName.TryGetValue(name ?? "", out status);

    /// <summary>Statuses nothing moves on from.</summary>
    public static bool IsFinal(this PaymentStatus status) =>
        status is PaymentStatus.Declined or PaymentStatus.Voided or PaymentStatus.Refunded or PaymentStatus.Failed;

    /// <summary>Statuses that wait for the shopper or their bank; the outcome arrives later.</summary>
    public static bool IsPending(this PaymentStatus status) =>
        status is PaymentStatus.RequiresAction or PaymentStatus.AwaitingTransfer;
}
