using System.Net;
using System.Net.Http.Json;
using Shop.Core;
using Shop.Core.Checkout;
using Shop.Core.Identity;
using Shop.Core.Payments;
using Shop.Integration.Tests.Support;
using Shop.Tests;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;
using static Shop.Integration.Tests.Checkout.Checkouts;

namespace Shop.Integration.Tests.Checkout;

/// <summary>
/// The checkout state machine end to end: the Api places the order, moto's Step Functions runs the
/// definition the CDK app synthesized, each task is a Workers function behind the edge, stock is in
/// moto's DynamoDB, orders and payments in PostgreSQL, and the payment provider is the sandbox.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class CheckoutSagaTests(LocalEnvironmentFixture fixture) : IAsyncLifetime
{
    private readonly Checkouts _checkouts = new(fixture);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _checkouts.DisposeAsync();

    [Fact]
    public async Task ConfirmsShipsAndCapturesOnce_WhenAnApprovedCardsOrderShips()
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 5);
        var member = await fixture.SignInAsync();
        var fulfillment = await fixture.SignInAsync(Roles.Fulfillment);
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, quantity: 2);

        await WaitForStatusAsync(member, orderId, "confirmed");
        var shipmentId = Text((await WaitForShipmentAsync(member, orderId)).GetProperty("shipments")[0], "id");
        var authorized = await _checkouts.PaymentAsync(orderId);
        using var picked = await ShipmentEventAsync(fulfillment, shipmentId, "picked");
        using var packed = await ShipmentEventAsync(fulfillment, shipmentId, "packed");
        using var shipped = await ShipmentEventAsync(fulfillment, shipmentId, "shipped", "TRK123");
        using var shippedAgain = await ShipmentEventAsync(fulfillment, shipmentId, "shipped", "TRK123");
        using var latePacked = await ShipmentEventAsync(fulfillment, shipmentId, "packed");
        await WaitForStatusAsync(member, orderId, "shipped");
        var captured = await WaitForPaymentAsync(orderId, PaymentStatus.Captured);
        using var delivered = await ShipmentEventAsync(fulfillment, shipmentId, "delivered");
        var order = await WaitForStatusAsync(member, orderId, "delivered");
        using var cancel = await member.Client.PostAsync($"/orders/{orderId}/cancel", null);

        Assert.Equal(PaymentStatus.Authorized, authorized.Recorded.Status);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            new[] { picked, packed, shipped, shippedAgain, latePacked, delivered }.Select(r => r.StatusCode));
        Assert.Equal((true, false, false), ((await JsonAsync(shipped)).GetProperty("changed").GetBoolean(),
            (await JsonAsync(shippedAgain)).GetProperty("changed").GetBoolean(), (await JsonAsync(latePacked)).GetProperty("changed").GetBoolean()));
        Assert.Equal(PaymentStatus.Captured, captured.AtProvider);
        Assert.Equal(["pending", "confirmed", "shipped", "delivered"], History(order));
        var shipment = order.GetProperty("shipments")[0];
        Assert.Equal(("delivered", "TRK123"), (Text(shipment, "status"), Text(shipment, "trackingNumber")));
        Assert.Equal(["picked", "packed", "shipped", "delivered"], shipment.GetProperty("events").EnumerateArray().Select(e => Text(e, "status")));
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(3, await _checkouts.StockAsync(productId));
    }

    [Fact]
    public async Task NotifiesTheMemberOfEachStep_WhenTheCheckoutConfirmsAndTheWarehousePicks()
    {
        var (_, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 2);
        var member = await fixture.SignInAsync();
        var fulfillment = await fixture.SignInAsync(Roles.Fulfillment);
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku);
        var shipmentId = Text((await WaitForShipmentAsync(member, orderId)).GetProperty("shipments")[0], "id");
        using var picked = await ShipmentEventAsync(fulfillment, shipmentId, "picked");

        // The steps' events wait in the outbox for the relay's next run (every minute); run it now.
        await fixture.Function(ShopNames.Handlers.RelayOrderOutbox).InvokeAsync(RepositoryPaths.Event("orders-relay-scheduled.json"));
        var titles = await NotificationTitlesAsync(member, expected: 3);

        Assert.Equal(HttpStatusCode.OK, picked.StatusCode);
        Assert.Contains($"Your order {orderId} is now confirmed.", titles);
        Assert.Contains($"Your order {orderId} is being prepared: picked.", titles);
        Assert.Contains($"We received your order {orderId}.", titles);
    }

    private static async Task<List<string>> NotificationTitlesAsync(TestUser member, int expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var inbox = await member.Client.GetAsync("/me/notifications");
            var titles = (await JsonAsync(inbox)).GetProperty("items").EnumerateArray().Select(n => Text(n, "title")).ToList();
            if (titles.Count >= expected || DateTime.UtcNow > deadline)
            {
                return titles;
            }
            await Task.Delay(250);
        }
    }

    [Theory]
    [InlineData("tok_decline")]
    [InlineData("tok_insufficient_funds")]
    public async Task FailsAndReleasesTheStock_WhenTheCardIsDeclined(string token)
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 4);
        var member = await fixture.SignInAsync();

        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, quantity: 3, token: token);
        var ended = await _checkouts.WaitForExecutionEndAsync(orderId);
        var order = await OrderAsync(member, orderId);

        Assert.Equal("SUCCEEDED", ended);
        Assert.Equal(["pending", "failed"], History(order));
        Assert.Equal("payment declined", Text(order.GetProperty("history")[1], "reason"));
        Assert.Equal(4, await _checkouts.StockAsync(productId));
        Assert.Equal(PaymentStatus.Declined, (await _checkouts.PaymentAsync(orderId)).Recorded.Status);
    }

    [Fact]
    public async Task RetriesAndConfirmsOnce_WhenThePaymentProviderFailsTransiently()
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 3);
        var member = await fixture.SignInAsync();

        // The sandbox is unavailable on the first attempt of this token's key; the state machine retries the step.
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, token: "tok_processing_error");
        var order = await WaitForStatusAsync(member, orderId, "confirmed");
        var payment = await _checkouts.PaymentAsync(orderId);

        Assert.Equal(["pending", "confirmed"], History(order));
        Assert.Equal((PaymentStatus.Authorized, PaymentStatus.Authorized), (payment.Recorded.Status, payment.AtProvider));
        Assert.Equal(2, await _checkouts.StockAsync(productId));
    }

    [Fact]
    public async Task WaitsForTheShopperThenConfirmsOnce_WhenThreeDSecureIsCompleted()
    {
        var (_, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 3);
        var member = await fixture.SignInAsync();

        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, token: "tok_3ds_required");
        await WaitForStatusAsync(member, orderId, "awaiting_payment_action");
        var completions = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => member.Client.PostAsync($"/orders/{orderId}/payment/complete", null)));
        var order = await WaitForStatusAsync(member, orderId, "confirmed");

        Assert.All(completions, c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        Assert.All(await Task.WhenAll(completions.Select(JsonAsync)), c => Assert.Equal("authorized", Text(c, "status")));
        Assert.Equal(["pending", "awaiting_payment_action", "confirmed"], History(order));
    }

    [Fact]
    public async Task FailsAndReleasesTheStock_WhenTheThreeDSecureChallengeFails()
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 3);
        var member = await fixture.SignInAsync();

        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, quantity: 2, token: "tok_3ds_fail");
        await WaitForStatusAsync(member, orderId, "awaiting_payment_action");
        using var completed = await member.Client.PostAsync($"/orders/{orderId}/payment/complete", null);
        await _checkouts.WaitForExecutionEndAsync(orderId);
        var order = await OrderAsync(member, orderId);

        Assert.Equal("failed", Text(await JsonAsync(completed), "status"));
        Assert.Equal("payment failed", Text(LastHistory(order), "reason"));
        Assert.Equal(3, await _checkouts.StockAsync(productId));
    }

    [Fact]
    public async Task CancelsReleasesTheStockAndVoids_WhenThreeDSecureIsAbandoned()
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 3);
        var member = await fixture.SignInAsync();

        // The local configuration shortens this order's wait for the shopper from 15 minutes to 2 seconds.
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, quantity: 2, token: "tok_3ds_required",
            beforeOrder: cart => _checkouts.PlanFaultAsync(cart, "none", CheckoutFault.Delay, paymentWaitSeconds: 2));
        await _checkouts.WaitForExecutionEndAsync(orderId);
        var order = await OrderAsync(member, orderId);
        using var late = await member.Client.PostAsync($"/orders/{orderId}/payment/complete", null);
        var payment = await _checkouts.PaymentAsync(orderId);

        Assert.Equal(["pending", "awaiting_payment_action", "cancelled"], History(order));
        Assert.Equal("payment not completed in time", Text(LastHistory(order), "reason"));
        Assert.Equal(3, await _checkouts.StockAsync(productId));
        Assert.Equal((PaymentStatus.Voided, PaymentStatus.Voided), (payment.Recorded.Status, payment.AtProvider));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal("voided", Text(await JsonAsync(late), "status"));
    }

    [Fact]
    public async Task ConfirmsOnceAndCountsTheWebhookOnce_WhenABankTransferArrivesAndItsWebhookIsRedelivered()
    {
        var (_, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 3);
        var member = await fixture.SignInAsync();
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, method: "bank_transfer", token: "bank_transfer");
        await WaitForStatusAsync(member, orderId, "awaiting_payment_action");
        var (recorded, _) = await _checkouts.PaymentAsync(orderId);
        var sandbox = _checkouts.Sandbox;
        await sandbox.ConfirmTransferAsync(recorded.PaymentId, CancellationToken.None);
        var webhook = await sandbox.CreateWebhookAsync(recorded.PaymentId, PaymentEventTypes.Captured, CancellationToken.None);
        var late = sandbox.Sign(new PaymentWebhookEvent("evt_late_" + Guid.NewGuid().ToString("N"), PaymentEventTypes.Authorized, recorded.PaymentId, orderId,
            PaymentStatus.Authorized, DateTimeOffset.UtcNow.AddMinutes(-5)));

        using var first = await _checkouts.WebhookAsync(webhook);
        using var again = await _checkouts.WebhookAsync(webhook);
        using var outOfOrder = await _checkouts.WebhookAsync(late);
        var order = await WaitForStatusAsync(member, orderId, "confirmed");
        var tampered = webhook with { Body = [.. webhook.Body, (byte)' '] };
        using var forged = await _checkouts.WebhookAsync(tampered);

        Assert.Equal(("applied", "duplicate"), (Text(await JsonAsync(first), "outcome"), Text(await JsonAsync(again), "outcome")));
        Assert.Equal(HttpStatusCode.OK, outOfOrder.StatusCode);
        Assert.Equal(PaymentStatus.Captured, (await _checkouts.PaymentAsync(orderId)).Recorded.Status);
        Assert.Equal(["pending", "awaiting_payment_action", "confirmed"], History(order));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task CancelsReleasesTheStockAndVoidsOnce_WhenTheMemberCancelsBeforeShipment()
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 5);
        var member = await fixture.SignInAsync();
        var stranger = await fixture.SignInAsync();
        var fulfillment = await fixture.SignInAsync(Roles.Fulfillment);
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, quantity: 2);
        var confirmed = await WaitForShipmentAsync(member, orderId);
        var shipmentId = Text(confirmed.GetProperty("shipments")[0], "id");

        using var foreign = await stranger.Client.PostAsync($"/orders/{orderId}/cancel", null);
        var cancels = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => member.Client.PostAsync($"/orders/{orderId}/cancel", null)));
        using var ship = await ShipmentEventAsync(fulfillment, shipmentId, "shipped");
        var ended = await _checkouts.WaitForExecutionEndAsync(orderId);
        var payment = await _checkouts.PaymentAsync(orderId);
        var order = await OrderAsync(member, orderId);

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.All(cancels, c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        Assert.Equal(HttpStatusCode.Conflict, ship.StatusCode);
        Assert.Equal("SUCCEEDED", ended);
        Assert.Equal(["pending", "confirmed", "cancelled"], History(order));
        Assert.Equal(5, await _checkouts.StockAsync(productId));
        Assert.Equal((PaymentStatus.Voided, PaymentStatus.Voided), (payment.Recorded.Status, payment.AtProvider));
    }

    [Fact]
    public async Task RefusesTheCancel_WhenTheOrderHasShipped()
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 2);
        var member = await fixture.SignInAsync();
        var fulfillment = await fixture.SignInAsync(Roles.Fulfillment);
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku);
        var shipmentId = Text((await WaitForShipmentAsync(member, orderId)).GetProperty("shipments")[0], "id");
        using var shipped = await ShipmentEventAsync(fulfillment, shipmentId, "shipped");

        using var cancel = await member.Client.PostAsync($"/orders/{orderId}/cancel", null);
        var problem = await JsonAsync(cancel);
        var order = await OrderAsync(member, orderId);

        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Contains("shipped", Text(problem, "detail"));
        Assert.Equal("shipped", Text(order, "status"));
        Assert.Equal(1, await _checkouts.StockAsync(productId));
    }

    private static readonly string[] SagaSteps =
    [
        ShopNames.Handlers.CheckoutReserveInventory,
        ShopNames.Handlers.CheckoutAssessFraud,
        ShopNames.Handlers.CheckoutAuthorizePayment,
        ShopNames.Handlers.CheckoutConfirmOrder,
        ShopNames.Handlers.CheckoutCreateShipment,
    ];

    private static System.Text.Json.JsonElement LastHistory(System.Text.Json.JsonElement order)
    {
        var history = order.GetProperty("history");
        return history[history.GetArrayLength() - 1];
    }

    [Fact]
    public async Task FailsRestoresTheStockAndGivesThePaymentBackOnce_WhenAFaultIsInjectedAtEachStep()
    {
        var steps = SagaSteps.ToList();
        var runs = await Task.WhenAll(steps.Select(async step =>
        {
            var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 3);
            var member = await fixture.SignInAsync();
            var (orderId, _) = await _checkouts.PlaceAsync(member, sku, quantity: 2, beforeOrder: cart => _checkouts.PlanFaultAsync(cart, step));
            await _checkouts.WaitForExecutionEndAsync(orderId);
            var order = await OrderAsync(member, orderId);
            return (step, order, stock: await _checkouts.StockAsync(productId), orderId);
        }));

        foreach (var (step, order, stock, orderId) in runs)
        {
            Assert.True(stock == 3, $"{step}: stock {stock}, expected 3");
            var confirmedFirst = steps.IndexOf(step) > steps.IndexOf(ShopNames.Handlers.CheckoutConfirmOrder);
            Assert.Equal(confirmedFirst ? ["pending", "confirmed", "failed"] : ["pending", "failed"], History(order));
            Assert.Equal(nameof(InjectedFaultException), Text(LastHistory(order), "reason"));
            if (steps.IndexOf(step) > steps.IndexOf(ShopNames.Handlers.CheckoutAuthorizePayment))
            {
                var payment = await _checkouts.PaymentAsync(orderId);
                Assert.True(payment.AtProvider == PaymentStatus.Voided, $"{step}: payment {payment.AtProvider}");
                Assert.Equal(PaymentStatus.Voided, payment.Recorded.Status);
            }
        }
    }

    [Fact]
    public async Task HoldsNothing_WhenOneLineOfATwoLineCartRunsOut()
    {
        var (plenty, plentySku, _) = await _checkouts.Shopping.ListProductAsync(stock: 5);
        var (scarce, scarceSku, _) = await _checkouts.Shopping.ListProductAsync(stock: 1);
        var member = await fixture.SignInAsync();
        var rival = await fixture.SignInAsync();
        var cartId = await Orders.Shopping.FillCartAsync(member.Client, plentySku, 2);
        using var added = await member.Client.PutAsJsonAsync($"/carts/{cartId}/items/{scarceSku}", new { quantity = 1 });
        // The member's reservation waits 3 s, so the rival, who orders after, takes the last scarce unit first.
        await _checkouts.PlanFaultAsync(cartId, ShopNames.Handlers.CheckoutReserveInventory, CheckoutFault.Delay, delayMs: 3000);

        var orderId = await PlaceCartAsync(member, cartId);
        var (rivalOrder, _) = await _checkouts.PlaceAsync(rival, scarceSku);
        await _checkouts.WaitForExecutionEndAsync(orderId);
        var order = await OrderAsync(member, orderId);
        var rivals = await WaitForStatusAsync(rival, rivalOrder, "confirmed");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(["pending", "failed"], History(order));
        Assert.Equal("out of stock", Text(LastHistory(order), "reason"));
        Assert.Equal((5, 0), (await _checkouts.StockAsync(plenty), await _checkouts.StockAsync(scarce)));
    }

    [Fact]
    public async Task ConfirmsExactlyTheUnitsInStock_WhenHundredBuyersCheckOutTwentyUnitsAtOnce()
    {
        const int units = 20;
        const int buyers = 100;
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: units);
        using var gate = new SemaphoreSlim(4);
        var carts = await Task.WhenAll(Enumerable.Range(0, buyers).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var member = await fixture.SignInAsync();
                var cart = await Orders.Shopping.FillCartAsync(member.Client, sku, 1);
                // Each reservation takes a second longer, so orders keep being placed (stock still shows
                // available) while the first checkouts reserve: the checkouts, not the order form, decide.
                await _checkouts.PlanFaultAsync(cart, ShopNames.Handlers.CheckoutReserveInventory, CheckoutFault.Delay, delayMs: 1000);
                return (member, cart);
            }
            finally
            {
                gate.Release();
            }
        }));

        // Orders arrive two at a time (a 2-core machine runs the Api, every step's function, moto and
        // PostgreSQL); each checkout lasts seconds, so the hundred overlap and race for the twenty units.
        using var placing = new SemaphoreSlim(2);
        var placements = await Task.WhenAll(carts.Select(async c =>
        {
            await placing.WaitAsync();
            try
            {
                using var placed = await c.member.Client.SendAsync(Orders.Shopping.PlaceOrder(Orders.Shopping.OrderBody(c.cart), Guid.NewGuid().ToString()));
                var body = await JsonAsync(placed);
                // The order form refuses once the stock it reads is gone; that is no sale either.
                Assert.True(placed.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, body.ToString());
                return (c.member, id: placed.StatusCode == HttpStatusCode.Created ? Text(body, "id") : null);
            }
            finally
            {
                placing.Release();
            }
        }));
        var placed = placements.Where(p => p.id is not null).ToList();
        var outcomes = await Task.WhenAll(placed.Select(o => WaitForAsync(o.member, o.id!, order => Text(order, "status") is "confirmed" or "failed", "final")));

        var statuses = outcomes.Select(o => Text(o, "status")).ToList();
        Assert.True(placed.Count > units, $"Only {placed.Count} orders were placed; the checkouts did not compete.");
        Assert.Equal(units, statuses.Count(s => s == "confirmed"));
        Assert.All(outcomes.Where(o => Text(o, "status") == "failed"), o => Assert.Equal("out of stock", Text(LastHistory(o), "reason")));
        Assert.Equal(0, await _checkouts.StockAsync(productId));
    }

    private async Task<(OrderPayment Recorded, PaymentStatus AtProvider)> WaitForPaymentAsync(string orderId, PaymentStatus status)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var payment = await _checkouts.PaymentAsync(orderId);
            if (payment.Recorded.Status == status)
            {
                return payment;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The payment of {orderId} is {payment.Recorded.Status}, not {status}.");
            await Task.Delay(250);
        }
    }
}
