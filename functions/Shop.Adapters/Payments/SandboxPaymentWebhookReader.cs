using System.Text.Json;
using System.Text.Json.Serialization;
using Shop.Core.Payments;

namespace Shop.Adapters.Payments;

/// <summary>
/// Reads the sandbox's webhooks: signed with Stripe's scheme (<see cref="WebhookSignature"/>) under
/// <see cref="SignatureHeader"/>, with the configured local secret; the body is Shop's own event,
/// camelCase JSON of <see cref="PaymentWebhookEvent"/>'s fields.
/// </summary>
public sealed class SandboxPaymentWebhookReader(string webhookSecret, TimeSpan? tolerance = null) : IPaymentWebhookReader
{
    public const string SignatureHeader = "Sandbox-Signature";

    private static readonly HashSet<string> Types =
    [
        PaymentEventTypes.Authorized, PaymentEventTypes.ActionRequired, PaymentEventTypes.ActionCompleted, PaymentEventTypes.Failed,
        PaymentEventTypes.Captured, PaymentEventTypes.Voided, PaymentEventTypes.Refunded,
    ];

    private readonly TimeSpan _tolerance = tolerance ?? WebhookSignature.DefaultTolerance;

    public PaymentWebhookEvent Read(ReadOnlySpan<byte> body, IReadOnlyDictionary<string, string> headers, DateTimeOffset now)
    {
        WebhookSignature.Verify(WebhookSignature.Header(headers, SignatureHeader), webhookSecret, body, now, _tolerance);
        SandboxWebhookBody? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(body, SandboxPaymentJsonContext.Default.SandboxWebhookBody);
        }
        catch (JsonException error)
        {
            throw new FormatException("The sandbox webhook's body is not a payment event.", error);
        }
        if (parsed is null || !PaymentStatuses.TryParse(parsed.Status, out var status))
        {
            throw new FormatException("The sandbox webhook's body is not a payment event.");
        }
        return Types.Contains(parsed.Type)
            ? new PaymentWebhookEvent(parsed.Id, parsed.Type, parsed.PaymentId, parsed.OrderId, status, parsed.OccurredAt)
            : throw new UnsupportedWebhookEventException(parsed.Id, parsed.Type);
    }
}

/// <summary>The sandbox webhook's body: a <see cref="PaymentWebhookEvent"/> with its status spelled as <see cref="PaymentStatuses"/> does.</summary>
public sealed record SandboxWebhookBody(
    [property: JsonRequired] string Id,
    [property: JsonRequired] string Type,
    [property: JsonRequired] string PaymentId,
    string? OrderId,
    [property: JsonRequired] string Status,
    [property: JsonRequired] DateTimeOffset OccurredAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SandboxWebhookBody))]
internal sealed partial class SandboxPaymentJsonContext : JsonSerializerContext;
