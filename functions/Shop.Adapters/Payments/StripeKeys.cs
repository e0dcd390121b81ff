using System.Text.Json;
using Shop.Lambda.Aws.SecretsManager;

namespace Shop.Adapters.Payments;

/// <summary>
/// Shop's Stripe keys, kept in one Secrets Manager secret as <c>{"apiKey","webhookSecret"}</c>:
/// the secret API key (<c>sk_...</c> or a restricted <c>rk_...</c>) and the webhook endpoint's
/// signing secret (<c>whsec_...</c>). Never printed.
/// </summary>
public sealed record StripeKeys(string ApiKey, string WebhookSecret)
{
    public override string ToString() => "StripeKeys { (redacted) }";

    public static async Task<StripeKeys> ReadAsync(SecretsManagerClient secrets, string secretArn, CancellationToken cancellationToken)
    {
        var secret = await secrets.GetSecretValueAsync(secretArn, cancellationToken);
        return Parse(secret.SecretString, secretArn);
    }

    public static StripeKeys Parse(string? secretString, string secretArn)
    {
        try
        {
            using var document = JsonDocument.Parse(secretString ?? "");
            var root = document.RootElement;
            return new StripeKeys(Field(root, "apiKey", secretArn), Field(root, "webhookSecret", secretArn));
        }
        catch (JsonException)
        {
            // The parser's message could quote the secret; say only where to look.
            throw new InvalidOperationException($"The payment secret {secretArn} is not JSON of the form {{\"apiKey\",\"webhookSecret\"}}.");
        }
    }

    private static string Field(JsonElement root, string name, string secretArn) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"The payment secret {secretArn} has no '{name}'.");
}
