using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Shop.Adapters.DynamoDb;
using Shop.Core;
using Shop.Core.Common;
using Shop.Core.Orders;
using Shop.Core.Payments;

namespace Shop.Adapters.Payments;

/// <summary>
/// The sandbox's test tokens (DESIGN §8): each one always has the same outcome. Any other card token
/// is declined as <see cref="PaymentDeclineCodes.InvalidToken"/>, as a real provider refuses a token it never issued.
/// </summary>
public static class SandboxTokens
{
    /// <summary>Authorized.</summary>
    public const string Approve = "tok_approve";

    /// <summary>Declined, <c>card_declined</c>.</summary>
    public const string Decline = "tok_decline";

    /// <summary>Declined, <c>insufficient_funds</c>.</summary>
    public const string InsufficientFunds = "tok_insufficient_funds";

    /// <summary>Requires 3-D Secure; completing the challenge authorizes (or fails, if the shopper fails it).</summary>
    public const string ThreeDSecureRequired = "tok_3ds_required";

    /// <summary>Requires 3-D Secure; completing the challenge always fails.</summary>
    public const string ThreeDSecureFail = "tok_3ds_fail";

    /// <summary>The provider is unavailable on the first attempt of an idempotency key; a retry with the same key authorizes.</summary>
    public const string ProcessingError = "tok_processing_error";
}

/// <summary>A webhook the sandbox signed: POST <see cref="Body"/> with <see cref="Headers"/> to <c>/payments/webhooks</c>.</summary>
public sealed record SandboxWebhook(byte[] Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A sandbox standing in for a card network, locally and in tests; it never talks to a bank. The
/// outcome of an authorization is fixed by the test token (<see cref="SandboxTokens"/>); a bank
/// transfer waits for <see cref="ConfirmTransferAsync"/>, a 3-D Secure challenge for
/// <see cref="CompleteActionAsync"/> (the local "3-D Secure return"). It keeps its state in the
/// single table, <c>SANDBOX_PAYMENT#&lt;id&gt;</c> / <c>PAYMENT</c>, and one item per idempotency key,
/// <c>SANDBOX_PAYMENT_KEY#&lt;key&gt;</c> / <c>IDEMPOTENCY</c>, holding the request's fingerprint and
/// its result. A change of a payment and the claim of its key are one transaction, conditional on
/// the payment's version and on the key being new, so concurrent calls with one key act once and
/// the losers answer the winner's result. It can sign webhooks (<see cref="CreateWebhookAsync"/>)
/// the way Stripe does, for <see cref="SandboxPaymentWebhookReader"/>. The token is kept only as a
/// scenario name and inside a SHA-256 fingerprint; a card-number-like token is refused before
/// anything is written.
/// </summary>
public sealed class SandboxPaymentGateway(IAmazonDynamoDB dynamo, TableName table, string webhookSecret, TimeProvider time) : IPaymentGateway
{
    public const string SignatureHeader = SandboxPaymentWebhookReader.SignatureHeader;

    private const string PaymentPrefix = "SANDBOX_PAYMENT#";
    private const string PaymentSortKey = "PAYMENT";
    private const string KeyPrefix = "SANDBOX_PAYMENT_KEY#";
    private const string KeySortKey = "IDEMPOTENCY";
    private const string FirstAttemptSortKey = "FIRST_ATTEMPT";
    private const int Attempts = 5;

    /// <summary>Longer than any checkout waits (a bank transfer may take days), so a late retry still finds its key.</summary>
    private static readonly TimeSpan KeyRetention = TimeSpan.FromDays(30);

    private static readonly TimeSpan PaymentRetention = TimeSpan.FromDays(90);

    public async Task<PaymentAuthorization> AuthorizeAsync(AuthorizePayment request, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsureValid(request);
        var fingerprint = Fingerprint("authorize", request.OrderId, request.Method, request.Token,
            request.Amount.ToString(CultureInfo.InvariantCulture), request.Currency);
        if (await FindKeyAsync(request.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return earlier.Replay(fingerprint);
        }
        var scenario = ScenarioOf(request);
        if (scenario == Scenario.ProcessingError && await IsFirstAttemptAsync(request.IdempotencyKey, cancellationToken))
        {
            throw new PaymentProviderUnavailableException(
                $"The sandbox simulates a processing error on the first attempt of key '{request.IdempotencyKey}'; retry with the same key.");
        }
        var (status, declineCode) = OutcomeOf(scenario);
        var payment = new SandboxPayment(Ids.New("pay"), request.OrderId, request.Method, scenario, request.Amount, request.Currency,
            status, declineCode, Captured: 0, Refunded: 0, Version: 1);
        var now = time.GetUtcNow();
        try
        {
            await TableAsync(() => dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem { Put = new Put { TableName = table.Value, Item = PaymentItem(payment, now), ConditionExpression = "attribute_not_exists(PK)" } },
                    new TransactWriteItem { Put = new Put { TableName = table.Value, Item = KeyItem(request.IdempotencyKey, "authorize", fingerprint, payment.Result, now), ConditionExpression = "attribute_not_exists(PK)" } },
                ],
            }, cancellationToken));
            return payment.Result;
        }
        catch (TransactionCanceledException error)
        {
            // Another call with this key got there first: answer its result.
            return await FindKeyAsync(request.IdempotencyKey, cancellationToken) is { } winner
                ? winner.Replay(fingerprint)
                : throw new PaymentProviderUnavailableException("The sandbox could not record the authorization; retry with the same key.", error);
        }
    }

    public async Task<PaymentAuthorization> GetAsync(string paymentId, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        return (await ReadAsync(paymentId, cancellationToken)).Result;
    }

    public Task<PaymentAuthorization> CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        PaymentRequests.EnsureAmount(amount);
        return ChangeAsync(paymentId, idempotencyKey, "capture", amount, payment =>
        {
            PaymentTransitions.EnsureCanCapture(payment.Id, payment.Status);
            if (amount > payment.Amount)
            {
                throw new ArgumentOutOfRangeException(nameof(amount), amount, $"At most the authorized {payment.Amount} can be captured.");
            }
            return payment with { Status = PaymentStatus.Captured, Captured = amount };
        }, cancellationToken);
    }

    public Task<PaymentAuthorization> VoidAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        return ChangeAsync(paymentId, idempotencyKey, "void", 0, payment =>
        {
            PaymentTransitions.EnsureCanVoid(payment.Id, payment.Status);
            return payment with { Status = PaymentStatus.Voided };
        }, cancellationToken);
    }

    public Task<PaymentAuthorization> RefundAsync(string paymentId, long amount, string idempotencyKey, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        PaymentRequests.EnsureAmount(amount);
        return ChangeAsync(paymentId, idempotencyKey, "refund", amount, payment =>
        {
            PaymentTransitions.EnsureCanRefund(payment.Id, payment.Status);
            var refundable = payment.Captured - payment.Refunded;
            if (amount > refundable)
            {
                throw new ArgumentOutOfRangeException(nameof(amount), amount, $"At most the {refundable} still captured can be refunded.");
            }
            var refunded = payment.Refunded + amount;
            return payment with { Status = refunded == payment.Captured ? PaymentStatus.Refunded : PaymentStatus.Captured, Refunded = refunded };
        }, cancellationToken);
    }

    /// <summary>
    /// The shopper returns from the 3-D Secure challenge: authorized when they passed it
    /// (<paramref name="succeed"/>) and the token allows it, failed otherwise (<c>tok_3ds_fail</c>
    /// always fails). A second return changes nothing and answers the first outcome.
    /// </summary>
    public Task<PaymentAuthorization> CompleteActionAsync(string paymentId, bool succeed, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        return CompleteAsync(paymentId, PaymentTransitions.CanCompleteAction, "completed", payment => payment with
        {
            Status = succeed && payment.Scenario == Scenario.ThreeDSecureRequired ? PaymentStatus.Authorized : PaymentStatus.Failed,
            Completed = true,
        }, cancellationToken);
    }

    /// <summary>
    /// The shopper's bank transfer arrives: the money is in, so the payment is captured (as at a
    /// real provider: a transfer cannot be held and voided, only refunded). A repeat answers the same.
    /// </summary>
    public Task<PaymentAuthorization> ConfirmTransferAsync(string paymentId, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsurePaymentId(paymentId);
        return CompleteAsync(paymentId, PaymentTransitions.CanReceiveTransfer, "confirmed as transferred", payment => payment with
        {
            Status = PaymentStatus.Captured,
            Captured = payment.Amount,
            Completed = true,
        }, cancellationToken);
    }

    /// <summary>A signed webhook of <paramref name="type"/> (<see cref="PaymentEventTypes"/>) reporting the payment as it stands now.</summary>
    public async Task<SandboxWebhook> CreateWebhookAsync(string paymentId, string type, CancellationToken cancellationToken)
    {
        var payment = await ReadAsync(paymentId, cancellationToken);
        return Sign(new PaymentWebhookEvent(Ids.New("evt"), type, payment.Id, payment.OrderId, payment.Status, time.GetUtcNow()));
    }

    /// <summary>Signs any event, now: tests use it for duplicates and events out of order.</summary>
    public SandboxWebhook Sign(PaymentWebhookEvent @event)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new SandboxWebhookBody(@event.EventId, @event.Type, @event.PaymentId, @event.OrderId, @event.Status.Name(), @event.OccurredAt),
            SandboxPaymentJsonContext.Default.SandboxWebhookBody);
        return new SandboxWebhook(body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [SignatureHeader] = WebhookSignature.Sign(webhookSecret, time.GetUtcNow(), body),
            ["Content-Type"] = "application/json",
        });
    }

    private async Task<PaymentAuthorization> ChangeAsync(
        string paymentId, string idempotencyKey, string operation, long amount, Func<SandboxPayment, SandboxPayment> change, CancellationToken cancellationToken)
    {
        PaymentRequests.EnsureIdempotencyKey(idempotencyKey);
        var fingerprint = Fingerprint(operation, paymentId, amount.ToString(CultureInfo.InvariantCulture));
        for (var attempt = 1; ; attempt++)
        {
            // The payment first, then the key: they change in one transaction, so a payment already
            // changed under this key is always seen with its key, never decided on again.
            var payment = await ReadAsync(paymentId, cancellationToken);
            if (await FindKeyAsync(idempotencyKey, cancellationToken) is { } earlier)
            {
                return earlier.Replay(fingerprint);
            }
            var changed = change(payment) with { Version = payment.Version + 1 };
            var now = time.GetUtcNow();
            try
            {
                await TableAsync(() => dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
                {
                    TransactItems =
                    [
                        new TransactWriteItem { Update = UpdateOf(payment, changed, now) },
                        new TransactWriteItem { Put = new Put { TableName = table.Value, Item = KeyItem(idempotencyKey, operation, fingerprint, changed.Result, now), ConditionExpression = "attribute_not_exists(PK)" } },
                    ],
                }, cancellationToken));
                return changed.Result;
            }
            catch (TransactionCanceledException error)
            {
                // The key was taken (its result is read on the next turn) or the payment changed
                // meanwhile (the change is decided again on what it is now).
                if (attempt == Attempts)
                {
                    throw new PaymentProviderUnavailableException($"The sandbox payment {paymentId} kept changing; retry with the same key.", error);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), time, cancellationToken);
            }
        }
    }

    /// <summary>Moves a payment out of a waiting status once; a repeat after that answers what it became.</summary>
    private async Task<PaymentAuthorization> CompleteAsync(
        string paymentId, Func<PaymentStatus, bool> applies, string operation, Func<SandboxPayment, SandboxPayment> complete, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var payment = await ReadAsync(paymentId, cancellationToken);
            if (!applies(payment.Status))
            {
                return payment.Completed ? payment.Result : throw new PaymentStateException(payment.Id, payment.Status, operation);
            }
            var completed = complete(payment) with { Version = payment.Version + 1 };
            try
            {
                await TableAsync(() => dynamo.UpdateItemAsync(UpdateRequestOf(payment, completed, time.GetUtcNow()), cancellationToken));
                return completed.Result;
            }
            catch (ConditionalCheckFailedException error)
            {
                // Another return or confirmation landed first: read what it made of the payment.
                if (attempt == Attempts)
                {
                    throw new PaymentProviderUnavailableException($"The sandbox payment {paymentId} kept changing; try again.", error);
                }
            }
        }
    }

    /// <summary>A table that throttles or cannot be reached is the sandbox being unavailable: the caller retries with the same key.</summary>
    private static async Task<T> TableAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception error) when (error is HttpRequestException or TimeoutException or IOException
            or ProvisionedThroughputExceededException or RequestLimitExceededException or ThrottlingException
            or InternalServerErrorException or TransactionConflictException or TransactionInProgressException
            or AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError })
        {
            throw new PaymentProviderUnavailableException("The sandbox's table did not answer; retry with the same key.", error);
        }
    }

    private Update UpdateOf(SandboxPayment before, SandboxPayment after, DateTimeOffset now)
    {
        var request = UpdateRequestOf(before, after, now);
        return new Update
        {
            TableName = request.TableName,
            Key = request.Key,
            UpdateExpression = request.UpdateExpression,
            ConditionExpression = request.ConditionExpression,
            ExpressionAttributeNames = request.ExpressionAttributeNames,
            ExpressionAttributeValues = request.ExpressionAttributeValues,
        };
    }

    private UpdateItemRequest UpdateRequestOf(SandboxPayment before, SandboxPayment after, DateTimeOffset now)
    {
        var set = new Dictionary<string, AttributeValue>
        {
            ["status"] = Attr.S(after.Status.Name()),
            ["captured"] = Attr.N(after.Captured),
            ["refunded"] = Attr.N(after.Refunded),
            ["completed"] = new AttributeValue { BOOL = after.Completed },
            ["version"] = Attr.N(after.Version),
            ["updatedAt"] = Attr.S(Attr.Time(now)),
        };
        var (expression, names, values) = Attr.Update(set);
        names["#version"] = "version";
        values[":read"] = Attr.N(before.Version);
        return new UpdateItemRequest
        {
            TableName = table.Value,
            Key = PaymentKey(before.Id),
            UpdateExpression = expression,
            ConditionExpression = "#version = :read",
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    private async Task<SandboxPayment> ReadAsync(string paymentId, CancellationToken cancellationToken)
    {
        var response = await TableAsync(() => dynamo.GetItemAsync(new GetItemRequest { TableName = table.Value, Key = PaymentKey(paymentId), ConsistentRead = true }, cancellationToken));
        if (response.Item is not { Count: > 0 } item)
        {
            throw new NotFoundException($"Payment {paymentId} does not exist.");
        }
        return new SandboxPayment(
            item.String("id"),
            item.String("orderId"),
            item.String("method"),
            Enum.Parse<Scenario>(item.String("scenario")),
            item.Long("amount"),
            item.String("currency"),
            PaymentStatuses.Parse(item.String("status")),
            item.OptionalString("declineCode"),
            item.Long("captured"),
            item.Long("refunded"),
            item.Long("version"))
        {
            Completed = item.TryGetValue("completed", out var completed) && completed.BOOL == true,
        };
    }

    private async Task<IdempotencyRecord?> FindKeyAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var response = await TableAsync(() => dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table.Value,
            Key = Key(KeyPrefix + idempotencyKey, KeySortKey),
            ConsistentRead = true,
        }, cancellationToken));
        return response.Item is { Count: > 0 } item
            ? new IdempotencyRecord(
                idempotencyKey,
                item.String("fingerprint"),
                new PaymentAuthorization(item.String("paymentId"), PaymentStatuses.Parse(item.String("status")), item.OptionalString("declineCode")))
            : null;
    }

    /// <summary>True for exactly one call per key: the marker's put succeeds once.</summary>
    private async Task<bool> IsFirstAttemptAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var item = Key(KeyPrefix + idempotencyKey, FirstAttemptSortKey);
        item["type"] = Attr.S("SandboxPaymentAttempt");
        item[ShopNames.Table.TimeToLive] = Attr.N((time.GetUtcNow() + KeyRetention).ToUnixTimeSeconds());
        try
        {
            await TableAsync(() => dynamo.PutItemAsync(new PutItemRequest { TableName = table.Value, Item = item, ConditionExpression = "attribute_not_exists(PK)" }, cancellationToken));
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> PaymentItem(SandboxPayment payment, DateTimeOffset now)
    {
        var item = PaymentKey(payment.Id);
        item["type"] = Attr.S("SandboxPayment");
        item["id"] = Attr.S(payment.Id);
        item["orderId"] = Attr.S(payment.OrderId);
        item["method"] = Attr.S(payment.Method);
        item["scenario"] = Attr.S(payment.Scenario.ToString());
        item["amount"] = Attr.N(payment.Amount);
        item["currency"] = Attr.S(payment.Currency);
        item["status"] = Attr.S(payment.Status.Name());
        item["captured"] = Attr.N(payment.Captured);
        item["refunded"] = Attr.N(payment.Refunded);
        item["completed"] = new AttributeValue { BOOL = false };
        item["version"] = Attr.N(payment.Version);
        item["createdAt"] = Attr.S(Attr.Time(now));
        item["updatedAt"] = Attr.S(Attr.Time(now));
        item[ShopNames.Table.TimeToLive] = Attr.N((now + PaymentRetention).ToUnixTimeSeconds());
        if (payment.DeclineCode is { } declineCode)
        {
            item["declineCode"] = Attr.S(declineCode);
        }
        return item;
    }

    private static Dictionary<string, AttributeValue> KeyItem(string idempotencyKey, string operation, string fingerprint, PaymentAuthorization result, DateTimeOffset now)
    {
        var item = Key(KeyPrefix + idempotencyKey, KeySortKey);
        item["type"] = Attr.S("SandboxPaymentKey");
        item["operation"] = Attr.S(operation);
        item["fingerprint"] = Attr.S(fingerprint);
        item["paymentId"] = Attr.S(result.PaymentId);
        item["status"] = Attr.S(result.Status.Name());
        item["createdAt"] = Attr.S(Attr.Time(now));
        item[ShopNames.Table.TimeToLive] = Attr.N((now + KeyRetention).ToUnixTimeSeconds());
        if (result.DeclineCode is { } declineCode)
        {
            item["declineCode"] = Attr.S(declineCode);
        }
        return item;
    }

    private static Dictionary<string, AttributeValue> PaymentKey(string paymentId) => Key(PaymentPrefix + paymentId, PaymentSortKey);

    private static Dictionary<string, AttributeValue> Key(string partition, string sort) => new()
    {
        [ShopNames.Table.PartitionKey] = Attr.S(partition),
        [ShopNames.Table.SortKey] = Attr.S(sort),
    };

    /// <summary>The request's identity for its key: the operation and every field, length-prefixed, hashed (the token is never stored as such).</summary>
    private static string Fingerprint(params string[] fields)
    {
        var builder = new StringBuilder();
        foreach (var field in fields)
        {
            builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static Scenario ScenarioOf(AuthorizePayment request) => request.Method == PaymentMethods.BankTransfer
        ? Scenario.BankTransfer
        : request.Token switch
        {
            SandboxTokens.Approve => Scenario.Approve,
            SandboxTokens.Decline => Scenario.Decline,
            SandboxTokens.InsufficientFunds => Scenario.InsufficientFunds,
            SandboxTokens.ThreeDSecureRequired => Scenario.ThreeDSecureRequired,
            SandboxTokens.ThreeDSecureFail => Scenario.ThreeDSecureFail,
            SandboxTokens.ProcessingError => Scenario.ProcessingError,
            _ => Scenario.UnknownToken,
        };

    private static (PaymentStatus Status, string? DeclineCode) OutcomeOf(Scenario scenario) => scenario switch
    {
        Scenario.Approve or Scenario.ProcessingError => (PaymentStatus.Authorized, null),
        Scenario.Decline => (PaymentStatus.Declined, PaymentDeclineCodes.CardDeclined),
        Scenario.InsufficientFunds => (PaymentStatus.Declined, PaymentDeclineCodes.InsufficientFunds),
        Scenario.ThreeDSecureRequired or Scenario.ThreeDSecureFail => (PaymentStatus.RequiresAction, null),
        Scenario.BankTransfer => (PaymentStatus.AwaitingTransfer, null),
        _ => (PaymentStatus.Declined, PaymentDeclineCodes.InvalidToken),
    };

    private enum Scenario
    {
        Approve,
        Decline,
        InsufficientFunds,
        ThreeDSecureRequired,
        ThreeDSecureFail,
        ProcessingError,
        BankTransfer,
        UnknownToken,
    }

    private sealed record SandboxPayment(
        string Id,
        string OrderId,
        string Method,
        Scenario Scenario,
        long Amount,
        string Currency,
        PaymentStatus Status,
        string? DeclineCode,
        long Captured,
        long Refunded,
        long Version)
    {
        /// <summary>The challenge was completed or the transfer received: a repeat of that step answers the outcome.</summary>
        public bool Completed { get; init; }

        public PaymentAuthorization Result => new(Id, Status, DeclineCode);
    }

    private sealed record IdempotencyRecord(string Key, string Fingerprint, PaymentAuthorization Result)
    {
        public PaymentAuthorization Replay(string fingerprint) => fingerprint == Fingerprint
            ? Result
            : throw new ArgumentException($"The idempotency key '{Key}' was used for a different request.", "idempotencyKey");
    }
}
