using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Payments;
using Shop.Adapters.Postgres;
using Shop.Core;
using Shop.Core.Checkout;
using Shop.Integration.Tests.Orders;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;
using static Shop.Integration.Tests.Orders.Shopping;

namespace Shop.Integration.Tests.Checkout;

/// <summary>Drives checkouts through the Api as a storefront, a warehouse and a payment provider would, and reads what came of them.</summary>
internal sealed class Checkouts(LocalEnvironmentFixture fixture) : IAsyncDisposable
{
    /// <summary>How long a checkout may take to reach a status here: executions queue behind each other on a 2-core CI machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static readonly string[] FinalStatuses = ["confirmed", "failed", "cancelled", "shipped", "delivered"];

    private PostgresDataSource? _database;

    public Shopping Shopping { get; } = new(fixture);

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>Asks the checkout step to fail or be delayed for orders of this cart (the local configuration's fault plans).</summary>
    public Task PlanFaultAsync(string cartId, string step, string kind = CheckoutFault.Fail, int delayMs = 0, int? paymentWaitSeconds = null)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = DynamoDbCheckoutFaults.PartitionPrefix + cartId },
            ["SK"] = new() { S = DynamoDbCheckoutFaults.SortKey },
            ["step"] = new() { S = step },
            ["kind"] = new() { S = kind },
            ["delayMs"] = new() { N = delayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        if (paymentWaitSeconds is { } wait)
        {
            item["paymentWaitSeconds"] = new() { N = wait.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }
        return fixture.Environment.Aws.DynamoDb.PutItemAsync(new PutItemRequest { TableName = fixture.Environment.TableName(), Item = item });
    }

    /// <summary>Places an order of <paramref name="quantity"/> units; answers its id and cart.</summary>
    public async Task<(string OrderId, string CartId)> PlaceAsync(
        TestUser member, string sku, int quantity = 1, string token = "tok_approve", string method = "card", Func<string, Task>? beforeOrder = null)
    {
        var cartId = await FillCartAsync(member.Client, sku, quantity);
        if (beforeOrder is not null)
        {
            await beforeOrder(cartId);
        }
        return (await PlaceCartAsync(member, cartId, token, method), cartId);
    }

    public static async Task<string> PlaceCartAsync(TestUser member, string cartId, string token = "tok_approve", string method = "card")
    {
        var body = new
        {
            cartId,
            shippingAddress = new { name = "Ada Lovelace", line1 = "Unter den Linden 1", city = "Berlin", postalCode = "10115", country = "DE" },
            shippingOption = "standard",
            payment = new { method, token },
        };
        using var placed = await member.Client.SendAsync(PlaceOrder(body, Guid.NewGuid().ToString()));
        var text = await placed.Content.ReadAsStringAsync();
        Assert.True(placed.StatusCode == HttpStatusCode.Created, text);
        return Text(JsonDocument.Parse(text).RootElement, "id");
    }

    public static async Task<JsonElement> OrderAsync(TestUser member, string orderId)
    {
        using var read = await member.Client.GetAsync($"/orders/{orderId}");
        var body = await JsonAsync(read);
        Assert.True(read.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>The order once <paramref name="done"/> holds, or a failure naming where it stood.</summary>
    public static async Task<JsonElement> WaitForAsync(TestUser member, string orderId, Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var order = await OrderAsync(member, orderId);
            if (done(order))
            {
                return order;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Order {orderId} did not become {what} in {Patience.TotalSeconds} s: {order}");
            await Task.Delay(250);
        }
    }

    public static Task<JsonElement> WaitForStatusAsync(TestUser member, string orderId, string status) =>
        WaitForAsync(member, orderId, order => Text(order, "status") == status, status);

    public static Task<JsonElement> WaitForShipmentAsync(TestUser member, string orderId) =>
        WaitForAsync(member, orderId, order => order.GetProperty("shipments").GetArrayLength() > 0, "with a shipment");

    public static string[] History(JsonElement order) =>
        order.GetProperty("history").EnumerateArray().Select(h => Text(h, "status")).ToArray();

    /// <summary>Waits until the order's checkout execution has ended (compensation included), and answers how.</summary>
    public async Task<string> WaitForExecutionEndAsync(string orderId)
    {
        var machine = fixture.Environment.Setting(ShopNames.Settings.CheckoutStateMachineArn);
        var execution = machine.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + orderId;
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var described = await fixture.Environment.Aws.StepFunctions.DescribeExecutionAsync(execution, CancellationToken.None);
            if (described.Status != "RUNNING")
            {
                return described.Status;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The checkout of {orderId} still runs after {Patience.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }

    public async Task<int> StockAsync(string productId)
    {
        using var read = await fixture.Api.GetAsync($"/products/{productId}");
        var product = await JsonAsync(read);
        return product.GetProperty("variants")[0].GetProperty("stock").GetInt32();
    }

    /// <summary>The order's payment as Shop recorded it, and as the sandbox (the provider) holds it.</summary>
    public async Task<(OrderPayment Recorded, Shop.Core.Payments.PaymentStatus AtProvider)> PaymentAsync(string orderId)
    {
        _database ??= OrderDatabase.Deployed(fixture.Environment);
        var recorded = await new PostgresCheckoutStore(_database).FindAsync(orderId, CancellationToken.None);
        Assert.True(recorded is not null, $"Order {orderId} has no payment recorded.");
        var atProvider = await Sandbox.GetAsync(recorded.PaymentId, CancellationToken.None);
        return (recorded, atProvider.Status);
    }

    public SandboxPaymentGateway Sandbox => new(fixture.Environment.Aws.DynamoDb, new TableName(fixture.Environment.TableName()),
        fixture.Environment.Setting(ShopNames.Settings.PaymentSandboxWebhookSecret), TimeProvider.System);

    public static async Task<HttpResponseMessage> ShipmentEventAsync(TestUser fulfillment, string shipmentId, string status, string? trackingNumber = null) =>
        await fulfillment.Client.PostAsJsonAsync($"/fulfillment/shipments/{shipmentId}/events", new { status, trackingNumber });

    public async Task<HttpResponseMessage> WebhookAsync(SandboxWebhook webhook)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/webhooks") { Content = new ByteArrayContent(webhook.Body) };
        foreach (var (name, value) in webhook.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return await fixture.Api.SendAsync(request);
    }
}
