using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Payments;
using Shop.Core.Common;
using Shop.Core.Orders;
using Shop.Core.Payments;
using Shop.Integration.Tests.Catalog;
using Shop.Integration.Tests.Support;
using Shop.Local;
using Shop.Local.Processes;

namespace Shop.Integration.Tests.Payments;

/// <summary>The sandbox provider against moto's DynamoDB, each test on a fresh table.</summary>
[Collection(MotoCollection.Name)]
public sealed class SandboxPaymentGatewayTests(MotoFixture moto) : IAsyncLifetime
{
    private const string WebhookSecret = "sandbox-local-secret";
    private const int Concurrent = 20;

    private LocalAwsClients _aws = null!;
    private TableName _table = null!;
    private SandboxPaymentGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _aws = new LocalAwsClients(moto.Endpoint);
        _table = await CatalogTable.CreateAsync(_aws.DynamoDb);
        _gateway = new SandboxPaymentGateway(_aws.DynamoDb, _table, WebhookSecret, TimeProvider.System);
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    private static string NewKey(string step) => $"o-{Guid.NewGuid():N}:{step}";

    private Task<PaymentAuthorization> AuthorizeAsync(string token, string? key = null, string method = PaymentMethods.Card, long amount = 2500) =>
        _gateway.AuthorizeAsync(new AuthorizePayment("o-1", method, token, amount, "EUR", key ?? NewKey("authorize")), CancellationToken.None);

    private async Task<string> CapturedAsync(long amount = 2500)
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve, amount: amount);
        await _gateway.CaptureAsync(payment.PaymentId, amount, NewKey("capture"), CancellationToken.None);
        return payment.PaymentId;
    }

    /// <summary>Runs <paramref name="call"/> <see cref="Concurrent"/> times at once: all start together, on pool threads.</summary>
    private static async Task<T[]> AllAtOnceAsync<T>(Func<Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, Concurrent).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await call();
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(calls);
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ItemsAsync() =>
        (await _aws.DynamoDb.ScanAsync(new ScanRequest { TableName = _table.Value, ConsistentRead = true })).Items ?? [];

    [Fact]
    public async Task Authorizes_WhenTheTokenIsApprove()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve);

        Assert.Equal((PaymentStatus.Authorized, (string?)null), (payment.Status, payment.DeclineCode));
        Assert.Equal(payment, await _gateway.GetAsync(payment.PaymentId, CancellationToken.None));
    }

    [Theory]
    [InlineData(SandboxTokens.Decline, PaymentDeclineCodes.CardDeclined)]
    [InlineData(SandboxTokens.InsufficientFunds, PaymentDeclineCodes.InsufficientFunds)]
    [InlineData("tok_never_issued", PaymentDeclineCodes.InvalidToken)]
    public async Task DeclinesWithTheCode_WhenTheTokenIsDeclined(string token, string declineCode)
    {
        var payment = await AuthorizeAsync(token);

        Assert.Equal((PaymentStatus.Declined, declineCode), (payment.Status, payment.DeclineCode));
        Assert.Equal(payment, await _gateway.GetAsync(payment.PaymentId, CancellationToken.None));
    }

    [Theory]
    [InlineData(SandboxTokens.ThreeDSecureRequired)]
    [InlineData(SandboxTokens.ThreeDSecureFail)]
    public async Task RequiresAction_WhenTheTokenAsksFor3DSecure(string token) =>
        Assert.Equal(PaymentStatus.RequiresAction, (await AuthorizeAsync(token)).Status);

    [Fact]
    public async Task Authorizes_When3DSecureIsCompletedSuccessfully()
    {
        var payment = await AuthorizeAsync(SandboxTokens.ThreeDSecureRequired);

        var completed = await _gateway.CompleteActionAsync(payment.PaymentId, succeed: true, CancellationToken.None);

        Assert.Equal(PaymentStatus.Authorized, completed.Status);
        Assert.Equal(PaymentStatus.Authorized, (await _gateway.GetAsync(payment.PaymentId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Fails_WhenTheShopperFailsTheChallenge()
    {
        var payment = await AuthorizeAsync(SandboxTokens.ThreeDSecureRequired);

        Assert.Equal(PaymentStatus.Failed, (await _gateway.CompleteActionAsync(payment.PaymentId, succeed: false, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Fails_When3DSecureFailTokenCompletesTheChallenge()
    {
        var payment = await AuthorizeAsync(SandboxTokens.ThreeDSecureFail);

        Assert.Equal(PaymentStatus.Failed, (await _gateway.CompleteActionAsync(payment.PaymentId, succeed: true, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task AnswersTheFirstOutcome_WhenTheShopperReturnsTwice()
    {
        var payment = await AuthorizeAsync(SandboxTokens.ThreeDSecureRequired);
        await _gateway.CompleteActionAsync(payment.PaymentId, succeed: true, CancellationToken.None);

        var again = await _gateway.CompleteActionAsync(payment.PaymentId, succeed: false, CancellationToken.None);

        Assert.Equal(PaymentStatus.Authorized, again.Status);
    }

    [Fact]
    public async Task CompletesOnce_WhenReturnsRaceWithDifferentOutcomes()
    {
        var payment = await AuthorizeAsync(SandboxTokens.ThreeDSecureRequired);
        var turn = 0;

        var results = await AllAtOnceAsync(() =>
            _gateway.CompleteActionAsync(payment.PaymentId, succeed: Interlocked.Increment(ref turn) % 2 == 0, CancellationToken.None));

        var final = await _gateway.GetAsync(payment.PaymentId, CancellationToken.None);
        Assert.All(results, result => Assert.Equal(final, result));
    }

    [Fact]
    public async Task RefusesToComplete_WhenThePaymentAskedForNoAction()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve);

        await Assert.ThrowsAsync<PaymentStateException>(() => _gateway.CompleteActionAsync(payment.PaymentId, succeed: true, CancellationToken.None));
    }

    [Fact]
    public async Task ThrowsUnavailableThenAuthorizes_WhenAProcessingErrorIsRetriedWithTheSameKey()
    {
        var key = NewKey("authorize");

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => AuthorizeAsync(SandboxTokens.ProcessingError, key));
        var retried = await AuthorizeAsync(SandboxTokens.ProcessingError, key);

        Assert.Equal(PaymentStatus.Authorized, retried.Status);
        Assert.Equal(retried, await AuthorizeAsync(SandboxTokens.ProcessingError, key));
    }

    [Fact]
    public async Task FailsTheFirstAttemptAgain_WhenAProcessingErrorComesWithANewKey()
    {
        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => AuthorizeAsync(SandboxTokens.ProcessingError));

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() => AuthorizeAsync(SandboxTokens.ProcessingError));
    }

    [Fact]
    public async Task AwaitsTheTransferThenCaptures_WhenTheMethodIsBankTransfer()
    {
        var payment = await AuthorizeAsync("bank_transfer", method: PaymentMethods.BankTransfer);
        Assert.Equal(PaymentStatus.AwaitingTransfer, payment.Status);

        var received = await _gateway.ConfirmTransferAsync(payment.PaymentId, CancellationToken.None);

        Assert.Equal(PaymentStatus.Captured, received.Status);
        Assert.Equal(received, await _gateway.ConfirmTransferAsync(payment.PaymentId, CancellationToken.None));
        await Assert.ThrowsAsync<PaymentStateException>(() => _gateway.VoidAsync(payment.PaymentId, NewKey("void"), CancellationToken.None));
        Assert.Equal(PaymentStatus.Refunded, (await _gateway.RefundAsync(payment.PaymentId, 2500, NewKey("refund"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task VoidsThePayment_WhenTheTransferNeverArrives()
    {
        var payment = await AuthorizeAsync("bank_transfer", method: PaymentMethods.BankTransfer);

        Assert.Equal(PaymentStatus.Voided, (await _gateway.VoidAsync(payment.PaymentId, NewKey("void"), CancellationToken.None)).Status);
        await Assert.ThrowsAsync<PaymentStateException>(() => _gateway.ConfirmTransferAsync(payment.PaymentId, CancellationToken.None));
    }

    [Fact]
    public async Task ReturnsTheSamePayment_WhenAnAuthorizationRepeatsItsKey()
    {
        var key = NewKey("authorize");
        var first = await AuthorizeAsync(SandboxTokens.Approve, key);

        Assert.Equal(first, await AuthorizeAsync(SandboxTokens.Approve, key));
    }

    [Fact]
    public async Task CreatesOnePayment_WhenConcurrentAuthorizationsShareAKey()
    {
        var key = NewKey("authorize");

        var results = await AllAtOnceAsync(() => AuthorizeAsync(SandboxTokens.Approve, key));

        Assert.Single(results.Distinct());
        Assert.Single(await ItemsAsync(), item => item["type"].S == "SandboxPayment");
    }

    [Fact]
    public async Task CapturesOnce_WhenConcurrentCapturesShareAKey()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve);
        var key = NewKey("capture");

        // Were the key not honoured, every capture but one would find the payment captured and throw.
        var results = await AllAtOnceAsync(() => _gateway.CaptureAsync(payment.PaymentId, 2500, key, CancellationToken.None));

        Assert.All(results, result => Assert.Equal(new PaymentAuthorization(payment.PaymentId, PaymentStatus.Captured, null), result));
        await Assert.ThrowsAsync<PaymentStateException>(() => _gateway.CaptureAsync(payment.PaymentId, 2500, NewKey("capture"), CancellationToken.None));
    }

    [Fact]
    public async Task RefundsOnce_WhenConcurrentRefundsShareAKey()
    {
        var paymentId = await CapturedAsync(2500);
        var key = NewKey("refund");

        var results = await AllAtOnceAsync(() => _gateway.RefundAsync(paymentId, 1000, key, CancellationToken.None));

        Assert.All(results, result => Assert.Equal(PaymentStatus.Captured, result.Status));
        // 1000 came back once: exactly 1500 remains to refund.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _gateway.RefundAsync(paymentId, 1501, NewKey("refund"), CancellationToken.None));
        Assert.Equal(PaymentStatus.Refunded, (await _gateway.RefundAsync(paymentId, 1500, NewKey("refund"), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task RefundsEveryPart_WhenConcurrentRefundsHaveTheirOwnKeys()
    {
        var paymentId = await CapturedAsync(2000);

        // Distinct keys contend for the payment's version; a loser is told to retry with its key, as the saga would.
        var results = await AllAtOnceAsync(async () =>
        {
            var key = NewKey("refund");
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await _gateway.RefundAsync(paymentId, 100, key, CancellationToken.None);
                }
                catch (PaymentProviderUnavailableException) when (attempt < 50)
                {
                }
            }
        });

        Assert.Single(results, result => result.Status == PaymentStatus.Refunded);
        Assert.Equal(PaymentStatus.Refunded, (await _gateway.GetAsync(paymentId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task VoidsOnce_WhenConcurrentVoidsShareAKey()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve);
        var key = NewKey("void");

        var results = await AllAtOnceAsync(() => _gateway.VoidAsync(payment.PaymentId, key, CancellationToken.None));

        Assert.All(results, result => Assert.Equal(PaymentStatus.Voided, result.Status));
    }

    [Fact]
    public async Task RefusesToCapture_WhenThePaymentIsVoided()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve);
        await _gateway.VoidAsync(payment.PaymentId, NewKey("void"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PaymentStateException>(() => _gateway.CaptureAsync(payment.PaymentId, 2500, NewKey("capture"), CancellationToken.None));

        Assert.Equal(PaymentStatus.Voided, error.Status);
    }

    [Fact]
    public async Task RefusesToVoid_WhenThePaymentIsCaptured()
    {
        var paymentId = await CapturedAsync();

        var error = await Assert.ThrowsAsync<PaymentStateException>(() => _gateway.VoidAsync(paymentId, NewKey("void"), CancellationToken.None));

        Assert.Equal(PaymentStatus.Captured, error.Status);
    }

    [Fact]
    public async Task RefusesToRefund_WhenThePaymentIsOnlyAuthorized()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve);

        await Assert.ThrowsAsync<PaymentStateException>(() => _gateway.RefundAsync(payment.PaymentId, 2500, NewKey("refund"), CancellationToken.None));
    }

    [Fact]
    public async Task RefusesToCapture_WhenThePaymentWasDeclined()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Decline);

        await Assert.ThrowsAsync<PaymentStateException>(() => _gateway.CaptureAsync(payment.PaymentId, 2500, NewKey("capture"), CancellationToken.None));
    }

    [Fact]
    public async Task RefusesToCaptureMore_WhenTheAmountExceedsTheAuthorization()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve, amount: 2500);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _gateway.CaptureAsync(payment.PaymentId, 2501, NewKey("capture"), CancellationToken.None));
        Assert.Equal(PaymentStatus.Authorized, (await _gateway.GetAsync(payment.PaymentId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task RefusesTheKey_WhenItIsReusedForAnotherPayment()
    {
        var first = await AuthorizeAsync(SandboxTokens.Approve);
        var second = await AuthorizeAsync(SandboxTokens.Approve);
        var key = NewKey("capture");
        await _gateway.CaptureAsync(first.PaymentId, 2500, key, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => _gateway.CaptureAsync(second.PaymentId, 2500, key, CancellationToken.None));
        Assert.Equal(PaymentStatus.Authorized, (await _gateway.GetAsync(second.PaymentId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task RefusesTheKey_WhenAnAuthorizationRepeatsItWithAnotherAmount()
    {
        var key = NewKey("authorize");
        await AuthorizeAsync(SandboxTokens.Approve, key, amount: 2500);

        await Assert.ThrowsAsync<ArgumentException>(() => AuthorizeAsync(SandboxTokens.Approve, key, amount: 9900));
    }

    [Fact]
    public async Task StoresNothing_WhenTheTokenLooksLikeACardNumber()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => AuthorizeAsync("4242 4242 4242 4242"));

        Assert.DoesNotContain("4242", error.Message);
        Assert.Empty(await ItemsAsync());
    }

    [Fact]
    public async Task StoresNoToken_WhenAPaymentIsAuthorized()
    {
        await AuthorizeAsync("tok_approve");

        var values = (await ItemsAsync()).SelectMany(item => item.Values).Select(value => value.S).OfType<string>();
        Assert.DoesNotContain(values, value => value.Contains("tok_approve", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ThrowsUnavailable_WhenTheTableCannotBeReached()
    {
        using var unreachable = new AmazonDynamoDBClient(
            new BasicAWSCredentials(LocalAws.AccessKeyId, LocalAws.SecretAccessKey),
            new AmazonDynamoDBConfig { ServiceURL = $"http://127.0.0.1:{Ports.FindFree()}", AuthenticationRegion = LocalAws.Region, MaxErrorRetry = 0 });
        var gateway = new SandboxPaymentGateway(unreachable, _table, WebhookSecret, TimeProvider.System);

        await Assert.ThrowsAsync<PaymentProviderUnavailableException>(() =>
            gateway.AuthorizeAsync(new AuthorizePayment("o-1", PaymentMethods.Card, SandboxTokens.Approve, 2500, "EUR", NewKey("authorize")), CancellationToken.None));
    }

    [Fact]
    public async Task ThrowsNotFound_WhenThePaymentDoesNotExist() =>
        await Assert.ThrowsAsync<NotFoundException>(() => _gateway.GetAsync("pay-0000000000000000", CancellationToken.None));

    [Fact]
    public async Task ReadsBackTheSandboxsWebhook_WhenSignedAndPostedAsIs()
    {
        var payment = await AuthorizeAsync(SandboxTokens.ThreeDSecureRequired);
        await _gateway.CompleteActionAsync(payment.PaymentId, succeed: true, CancellationToken.None);

        var webhook = await _gateway.CreateWebhookAsync(payment.PaymentId, PaymentEventTypes.ActionCompleted, CancellationToken.None);
        var @event = new SandboxPaymentWebhookReader(WebhookSecret).Read(webhook.Body, webhook.Headers, DateTimeOffset.UtcNow);

        Assert.Equal(
            (PaymentEventTypes.ActionCompleted, payment.PaymentId, "o-1", PaymentStatus.Authorized),
            (@event.Type, @event.PaymentId, @event.OrderId, @event.Status));
        Assert.StartsWith("evt-", @event.EventId);
    }

    [Fact]
    public async Task RefusesTheSandboxsWebhook_WhenItsBodyIsAltered()
    {
        var payment = await AuthorizeAsync(SandboxTokens.Approve);
        var webhook = await _gateway.CreateWebhookAsync(payment.PaymentId, PaymentEventTypes.Authorized, CancellationToken.None);
        var altered = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(webhook.Body).Replace("authorized\"", "captured\""));

        Assert.Throws<InvalidWebhookSignatureException>(() =>
            new SandboxPaymentWebhookReader(WebhookSecret).Read(altered, webhook.Headers, DateTimeOffset.UtcNow));
    }
}
