using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Shop.Core.Common;
using Shop.Core.Orders;
using Shop.Core.Payments;

namespace Shop.Adapters.Payments;

/// <summary>Where Stripe answers and how Shop talks to it.</summary>
public sealed record StripeOptions
{
    public Uri BaseAddress { get; init; } = new("https://api.stripe.com/");

    /// <summary>Pinned, so a change of the account's default version changes nothing here.</summary>
    public string ApiVersion { get; init; } = "2025-04-30.basil";

    /// <summary>The country of the IBAN Stripe gives shoppers paying euros by bank transfer (BE, DE, ES, FR, IE or NL).</summary>
    public string EuBankTransferCountry { get; init; } = "DE";
}

/// <summary>
/// Stripe's PaymentIntents API over HttpClient (Stripe.net is not trim- or AOT-safe; see the
/// decision log). A card is authorized by creating and confirming a PaymentIntent with
/// <c>capture_method=manual</c>; capture, cancel (void) and refunds follow. Requests are
/// form-encoded, each money-moving one carries Stripe's <c>Idempotency-Key</c> header, answers
/// are read with source-generated JSON. A bank transfer is a <c>customer_balance</c> payment whose
/// token is the Stripe customer's id; it cannot be held, so it arrives captured.
/// <para>
/// A card decline (402 <c>card_error</c>) is a <see cref="PaymentStatus.Declined"/> result; a token
/// Stripe does not know is declined as <c>invalid_token</c> with no payment id. 429, 409 (a
/// concurrent request with the same key), 5xx, <c>Stripe-Should-Retry: true</c>, timeouts and
/// dropped connections are <see cref="PaymentProviderUnavailableException"/>; the saga retries with
/// the same key, so nothing is done twice. A refusal because of the payment's state is a
/// <see cref="PaymentStateException"/>; a refused key or configuration is not retried.
/// </para>
/// </summary>
public sealed class StripePaymentGateway : IPaymentGateway
{
    private static readonly StripeJsonContext Json = StripeJsonContext.Default;

    private readonly HttpClient _http;
    private readonly string _apiKey;
    private readonly StripeOptions _options;
    private readonly Uri _base;

    public StripePaymentGateway(HttpClient http, string apiKey, StripeOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new ArgumentException("The Stripe API key is required.", nameof(apiKey));
        }
        _http = http;
        _apiKey = apiKey;
        _options = options ?? new StripeOptions();
        _base = _options.BaseAddress.AbsoluteUri.EndsWith('/') ? _options.BaseAddress : new Uri(_options.BaseAddress.AbsoluteUri + "/");
    }

    public async Task<PaymentAuthorization> AuthorizeAsync(AuthorizePayment request, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsureValid(request);
        var form = new List<KeyValuePair<string, string>>
        {
            new("amount", request.Amount.ToString(CultureInfo.InvariantCulture)),
            new("currency", request.Currency.ToLowerInvariant()),
            new("confirm", "true"),
            new("metadata[order_id]", request.OrderId),
        };
        if (request.Method == PaymentMethods.BankTransfer)
        {
            form.AddRange(BankTransfer(request));
        }
        else
        {
            form.Add(new("capture_method", "manual"));
            form.Add(new("payment_method", request.Token));
            form.Add(new("payment_method_types[]", "card"));
        }
        var answer = await SendAsync(HttpMethod.Post, "v1/payment_intents", form, request.IdempotencyKey, cancellationToken);
        if (answer.IsSuccess)
        {
            return StripeIntents.ToAuthorization(answer.Read(Json.StripePaymentIntent));
        }
        var error = answer.Error();
        if (answer.Status == HttpStatusCode.PaymentRequired && error?.Type == "card_error")
        {
            return new PaymentAuthorization(error.PaymentIntent?.Id ?? "", PaymentStatus.Declined, error.DeclineCode ?? error.Code ?? PaymentDeclineCodes.CardDeclined);
        }
        if (error?.Code == "resource_missing" && error.Param is "payment_method" or "customer")
        {
            return new PaymentAuthorization("", PaymentStatus.Declined, PaymentDeclineCodes.InvalidToken);
        }
        throw Failure(answer, error, "authorizing a payment");
    }

    public async Task<PaymentAuthorization> GetAsync(string paymentId, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        // The latest charge, expanded, tells a refunded payment from a captured one.
        var answer = await SendAsync(HttpMethod.Get, $"{IntentPath(paymentId)}?expand[]=latest_charge", null, null, cancellationToken);
        if (answer.IsSuccess)
        {
            return StripeIntents.ToAuthorization(answer.Read(Json.StripePaymentIntent));
        }
        var error = answer.Error();
        throw answer.Status == HttpStatusCode.NotFound || error?.Code == "resource_missing"
            ? new NotFoundException($"Payment {paymentId} does not exist at Stripe.")
            : Failure(answer, error, "reading a payment");
    }

    public Task<PaymentAuthorization> CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        PaymentRequests.EnsureAmount(amount);
        return ChangeAsync(paymentId, $"{IntentPath(paymentId)}/capture", [new("amount_to_capture", amount.ToString(CultureInfo.InvariantCulture))],
            idempotencyKey, "captured", PaymentTransitions.CanCapture, cancellationToken);
    }

    public Task<PaymentAuthorization> VoidAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        return ChangeAsync(paymentId, $"{IntentPath(paymentId)}/cancel", [], idempotencyKey, "voided", PaymentTransitions.CanVoid, cancellationToken);
    }

    public async Task<PaymentAuthorization> RefundAsync(string paymentId, long amount, string idempotencyKey, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        PaymentRequests.EnsureAmount(amount);
        PaymentRequests.EnsureIdempotencyKey(idempotencyKey);
        var answer = await SendAsync(HttpMethod.Post, "v1/refunds",
        [
            new("payment_intent", paymentId),
            new("amount", amount.ToString(CultureInfo.InvariantCulture)),
            new("expand[]", "charge"),
        ], idempotencyKey, cancellationToken);
        if (!answer.IsSuccess)
        {
            throw await RefusalAsync(answer, paymentId, "refunded", PaymentTransitions.CanRefund, cancellationToken);
        }
        var refund = answer.Read(Json.StripeRefund);
        if (refund.Charge is { ValueKind: JsonValueKind.Object } charge && charge.Deserialize(Json.StripeCharge) is { } refunded)
        {
            return new PaymentAuthorization(paymentId, refunded.Refunded ? PaymentStatus.Refunded : PaymentStatus.Captured, null);
        }
        return await GetAsync(paymentId, cancellationToken);
    }

    private async Task<PaymentAuthorization> ChangeAsync(
        string paymentId, string path, List<KeyValuePair<string, string>> form, string idempotencyKey, string operation,
        Func<PaymentStatus, bool> applies, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsureIdempotencyKey(idempotencyKey);
        var answer = await SendAsync(HttpMethod.Post, path, form, idempotencyKey, cancellationToken);
        return answer.IsSuccess
            ? StripeIntents.ToAuthorization(answer.Read(Json.StripePaymentIntent))
            : throw await RefusalAsync(answer, paymentId, operation, applies, cancellationToken);
    }

    /// <summary>
    /// Why Stripe refused to change a payment. An invalid request is read against the payment's
    /// state (from the error, or read afresh): if the operation does not apply to it, the state is the reason.
    /// </summary>
    private async Task<Exception> RefusalAsync(
        StripeAnswer answer, string paymentId, string operation, Func<PaymentStatus, bool> applies, CancellationToken cancellationToken)
    {
        var error = answer.Error();
        if (answer.Status == HttpStatusCode.NotFound || (error?.Code == "resource_missing" && error.Param is null or "intent" or "payment_intent"))
        {
            return new NotFoundException($"Payment {paymentId} does not exist at Stripe.");
        }
        if (answer.Status == HttpStatusCode.BadRequest && error?.Type == "invalid_request_error")
        {
            var status = error.PaymentIntent is { Id.Length: > 0 } intent
                ? StripeIntents.ToAuthorization(intent).Status
                : (await GetAsync(paymentId, cancellationToken)).Status;
            if (!applies(status))
            {
                return new PaymentStateException(paymentId, status, operation);
            }
            if (error.Param is "amount" or "amount_to_capture")
            {
                return new ArgumentOutOfRangeException("amount", $"Stripe refused the amount: {error.Message}");
            }
        }
        return Failure(answer, error, $"a payment being {operation}");
    }

    private static Exception Failure(StripeAnswer answer, StripeError? error, string what)
    {
        var detail = $"Stripe answered {(int)answer.Status} to {what} ({error?.Type ?? "no error type"}/{error?.Code ?? "no code"}): {error?.Message}";
        var status = (int)answer.Status;
        if (answer.ShouldRetry ?? (status is 409 or 429 or >= 500))
        {
            return new PaymentProviderUnavailableException(detail);
        }
        return answer.Status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new InvalidOperationException("Stripe refused Shop's API key; check the payment secret. " + detail),
            _ when error?.Type == "idempotency_error" => new ArgumentException("The idempotency key was used for a different request. " + detail, "idempotencyKey"),
            _ => new InvalidOperationException(detail),
        };
    }

    private IEnumerable<KeyValuePair<string, string>> BankTransfer(AuthorizePayment request)
    {
        var type = request.Currency switch
        {
            "EUR" => "eu_bank_transfer",
            "GBP" => "gb_bank_transfer",
            "USD" => "us_bank_transfer",
            "JPY" => "jp_bank_transfer",
            "MXN" => "mx_bank_transfer",
            _ => throw new ArgumentException($"Stripe offers no bank transfers in {request.Currency}.", nameof(request)),
        };
        yield return new("customer", request.Token);
        yield return new("payment_method_types[]", "customer_balance");
        yield return new("payment_method_data[type]", "customer_balance");
        yield return new("payment_method_options[customer_balance][funding_type]", "bank_transfer");
        yield return new("payment_method_options[customer_balance][bank_transfer][type]", type);
        if (type == "eu_bank_transfer")
        {
            yield return new("payment_method_options[customer_balance][bank_transfer][eu_bank_transfer][country]", _options.EuBankTransferCountry);
        }
    }

    private static string IntentPath(string paymentId) => "v1/payment_intents/" + Uri.EscapeDataString(paymentId);

    private async Task<StripeAnswer> SendAsync(
        HttpMethod method, string path, List<KeyValuePair<string, string>>? form, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        request.Headers.Add("Stripe-Version", _options.ApiVersion);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            bool? shouldRetry = response.Headers.TryGetValues("Stripe-Should-Retry", out var values) && bool.TryParse(values.FirstOrDefault(), out var retry)
                ? retry
                : null;
            return new StripeAnswer(response.StatusCode, body, shouldRetry);
        }
        catch (HttpRequestException error)
        {
            throw new PaymentProviderUnavailableException($"Stripe could not be reached ({method} /{path.Split('?')[0]}).", error);
        }
        catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PaymentProviderUnavailableException($"Stripe did not answer in time ({method} /{path.Split('?')[0]}).", error);
        }
    }

    private sealed record StripeAnswer(HttpStatusCode Status, byte[] Body, bool? ShouldRetry)
    {
        public bool IsSuccess => (int)Status is >= 200 and < 300;

        public T Read<T>(System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
            JsonSerializer.Deserialize(Body, type) ?? throw new InvalidOperationException($"Stripe answered {(int)Status} with an empty body.");

        public StripeError? Error()
        {
            try
            {
                return JsonSerializer.Deserialize(Body, Json.StripeErrorAnswer)?.Error;
            }
            catch (JsonException)
            {
                // A proxy's or load balancer's error page: the status code says enough.
                return null;
            }
        }
    }
}

/// <summary>How a PaymentIntent's status reads in Shop's terms, for answers and webhooks alike.</summary>
internal static class StripeIntents
{
    public const string AuthenticationFailure = "payment_intent_authentication_failure";

    public static PaymentAuthorization ToAuthorization(StripePaymentIntent intent) => intent.Status switch
    {
        "requires_capture" => new(intent.Id, PaymentStatus.Authorized, null),
        "requires_action" => new(intent.Id, IsBankTransfer(intent) ? PaymentStatus.AwaitingTransfer : PaymentStatus.RequiresAction, null),
        // Asynchronous methods are confirmed later; the outcome arrives by webhook, as after a challenge.
        "processing" => new(intent.Id, IsBankTransfer(intent) ? PaymentStatus.AwaitingTransfer : PaymentStatus.RequiresAction, null),
        "succeeded" => new(intent.Id, IsRefunded(intent) ? PaymentStatus.Refunded : PaymentStatus.Captured, null),
        "canceled" => new(intent.Id, PaymentStatus.Voided, null),
        "requires_payment_method" => intent.LastPaymentError switch
        {
            { Code: AuthenticationFailure } => new(intent.Id, PaymentStatus.Failed, null),
            { } error => new(intent.Id, PaymentStatus.Declined, error.DeclineCode ?? error.Code ?? PaymentDeclineCodes.CardDeclined),
            null => new(intent.Id, PaymentStatus.Failed, null),
        },
        // Shop confirms on creation, so an unconfirmed intent is one it cannot complete.
        "requires_confirmation" => new(intent.Id, PaymentStatus.Failed, null),
        var other => throw new InvalidOperationException($"Stripe reported PaymentIntent {intent.Id} in an unknown status '{other}'."),
    };

    public static string? OrderId(Dictionary<string, string>? metadata) => metadata?.GetValueOrDefault("order_id");

    private static bool IsBankTransfer(StripePaymentIntent intent) =>
        intent.NextAction?.Type == "display_bank_transfer_instructions" || intent.PaymentMethodTypes?.Contains("customer_balance") == true;

    private static bool IsRefunded(StripePaymentIntent intent) =>
        intent.LatestCharge is { ValueKind: JsonValueKind.Object } charge && charge.Deserialize(StripeJsonContext.Default.StripeCharge)?.Refunded == true;
}
