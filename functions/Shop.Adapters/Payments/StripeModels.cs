using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Adapters.Payments;

// The parts of Stripe's objects Shop reads (https://docs.stripe.com/api), snake_case on the wire.
// Everything else in an answer is ignored, so fields Stripe adds change nothing.

internal sealed class StripePaymentIntent
{
    public string Id { get; init; } = "";

    public string Status { get; init; } = "";

    public long Amount { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }

    public StripeError? LastPaymentError { get; init; }

    public StripeNextAction? NextAction { get; init; }

    public List<string>? PaymentMethodTypes { get; init; }

    /// <summary>An id, or the charge itself when the request expanded it.</summary>
    public JsonElement? LatestCharge { get; init; }
}

internal sealed class StripeNextAction
{
    public string? Type { get; init; }
}

internal sealed class StripeCharge
{
    public string Id { get; init; } = "";

    public string? PaymentIntent { get; init; }

    public long Amount { get; init; }

    public long AmountRefunded { get; init; }

    /// <summary>True once the whole charge is refunded.</summary>
    public bool Refunded { get; init; }

    public Dictionary<string, string>? Metadata { get; init; }
}

internal sealed class StripeRefund
{
    public string Id { get; init; } = "";

    public string? Status { get; init; }

    /// <summary>An id, or the charge itself when the request expanded it.</summary>
    public JsonElement? Charge { get; init; }
}

internal sealed class StripeErrorAnswer
{
    public StripeError? Error { get; init; }
}

internal sealed class StripeError
{
    public string? Type { get; init; }

    public string? Code { get; init; }

    public string? DeclineCode { get; init; }

    public string? Message { get; init; }

    public string? Param { get; init; }

    public StripePaymentIntent? PaymentIntent { get; init; }
}

internal sealed class StripeEvent
{
    public string Id { get; init; } = "";

    public string Type { get; init; } = "";

    public long Created { get; init; }

    public StripeEventData? Data { get; init; }
}

internal sealed class StripeEventData
{
    public JsonElement Object { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StripePaymentIntent))]
[JsonSerializable(typeof(StripeCharge))]
[JsonSerializable(typeof(StripeRefund))]
[JsonSerializable(typeof(StripeErrorAnswer))]
[JsonSerializable(typeof(StripeEvent))]
internal sealed partial class StripeJsonContext : JsonSerializerContext;
