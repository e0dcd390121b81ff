using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Core;
using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws.StepFunctions;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;
using static Shop.Integration.Tests.Orders.Shopping;

namespace Shop.Integration.Tests.Orders;

/// <summary>POST /orders and reading orders back, end to end through the edge, PostgreSQL, SQS and Step Functions.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class OrderEndpointsTests(LocalEnvironmentFixture fixture)
{
    private readonly Shopping _shopping = new(fixture);

    [Fact]
    public async Task PlacesThePricedOrderOnceAndReplaysIt_WhenTheSameKeyAndBodyComeAgain()
    {
        var (_, sku, _) = await _shopping.ListProductAsync(price: 2500, stock: 10);
        var code = await _shopping.CreatePromotionAsync(new { description = "10% off", type = "percent_off", percentOff = 10, currency = "EUR" });
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 2);
        using var applied = await member.Client.PutAsync($"/carts/{cartId}/promotions/{code.ToLowerInvariant()}", null);
        var cart = await JsonAsync(applied);
        var key = Guid.NewGuid().ToString();

        using var first = await member.Client.SendAsync(PlaceOrder(OrderBody(cartId), key));
        var firstBody = await first.Content.ReadAsStringAsync();
        using var second = await member.Client.SendAsync(PlaceOrder(OrderBody(cartId), key));
        var order = JsonDocument.Parse(firstBody).RootElement;
        using var read = await member.Client.GetAsync($"/orders/{Text(order, "id")}");
        using var listed = await member.Client.GetAsync("/orders");

        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var breakdown = cart.GetProperty("breakdown");
        Assert.Equal((5000L, 500L), (Amount(breakdown, "subtotal"), Amount(breakdown, "discount")));
        Assert.Equal(code, Text(breakdown.GetProperty("promotions")[0], "code"));
        Assert.True(first.StatusCode == HttpStatusCode.Created, firstBody);
        Assert.Equal("pending", Text(order, "status"));
        Assert.Equal(Amount(breakdown, "total"), Amount(order, "totals", "total"));
        Assert.Equal(Amount(breakdown, "subtotal") - Amount(breakdown, "discount") + Amount(breakdown, "shippingTotal") + Amount(breakdown, "tax", "amount"), Amount(order, "totals", "total"));
        Assert.Equal((HttpStatusCode.Created, firstBody), (second.StatusCode, await second.Content.ReadAsStringAsync()));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        var shown = await JsonAsync(read);
        Assert.Equal((Text(order, "id"), 2), (Text(shown, "id"), shown.GetProperty("lines")[0].GetProperty("quantity").GetInt32()));
        Assert.Equal(["pending"], shown.GetProperty("history").EnumerateArray().Select(h => Text(h, "status")));
        Assert.Empty(shown.GetProperty("shipments").EnumerateArray());
        Assert.Contains(Text(order, "id"), (await JsonAsync(listed)).GetProperty("items").EnumerateArray().Select(o => Text(o, "id")));
    }

    [Fact]
    public async Task StartsExactlyOneOrderAndOneCheckout_When50RequestsShareOneKey()
    {
        var (_, sku, _) = await _shopping.ListProductAsync(stock: 10);
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 1);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await member.Client.SendAsync(PlaceOrder(OrderBody(cartId), key));
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, Body: JsonDocument.Parse(body).RootElement);
        }));
        using var listed = await member.Client.GetAsync("/orders");
        var orders = (await JsonAsync(listed)).GetProperty("items").EnumerateArray().Select(o => Text(o, "id")).ToList();

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.Body.ToString()));
        var orderId = Assert.Single(orders);
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Created), r => Assert.Equal(orderId, Text(r.Body, "id")));
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.Equal("urn:shop:problem:idempotency-key-in-flight", Text(r.Body, "type")));
        var executions = await ExecutionsNamedAsync(orderId);
        Assert.Single(executions);
    }

    [Fact]
    public async Task RefusesWith422AndPlacesNothing_WhenTheKeyComesWithAnotherBody()
    {
        var (_, sku, _) = await _shopping.ListProductAsync();
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 1);
        var key = Guid.NewGuid().ToString();

        using var first = await member.Client.SendAsync(PlaceOrder(OrderBody(cartId), key));
        using var other = await member.Client.SendAsync(PlaceOrder(OrderBody(cartId, token: "tok_decline"), key));
        using var listed = await member.Client.GetAsync("/orders");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity, "urn:shop:problem:idempotency-key-reused");
        Assert.Single((await JsonAsync(listed)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task PricesOnTheServer_WhenTheClientSendsPricesAndTotals()
    {
        var (_, sku, _) = await _shopping.ListProductAsync(price: 4000);
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 1);
        using var cart = await member.Client.GetAsync($"/carts/{cartId}");
        var expected = Amount((await JsonAsync(cart)).GetProperty("breakdown"), "total");
        var body = new
        {
            cartId,
            shippingAddress = new { name = "Ada", line1 = "Unter den Linden 1", city = "Berlin", postalCode = "10115", country = "DE" },
            shippingOption = "standard",
            payment = new { method = "card", token = "tok_approve" },
            total = 1,
            totals = new { total = 1 },
            lines = new[] { new { sku, quantity = 1, unitPrice = 1 } },
        };

        using var placed = await member.Client.SendAsync(PlaceOrder(body, Guid.NewGuid().ToString()));
        var order = await JsonAsync(placed);

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal((expected, 4000L), (Amount(order, "totals", "total"), order.GetProperty("lines")[0].GetProperty("unitPrice").GetInt64()));
    }

    [Fact]
    public async Task AnswersUnauthorized_WhenAGuestOrders()
    {
        using var created = await fixture.Api.PostAsync("/carts", null);
        var cartId = Text(await JsonAsync(created), "id");

        using var placed = await fixture.Api.SendAsync(PlaceOrder(OrderBody(cartId), Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Unauthorized, placed.StatusCode);
    }

    [Fact]
    public async Task AnswersNotFound_WhenAMemberOrdersFromOrReadsAnothersCartOrOrder()
    {
        var (_, sku, _) = await _shopping.ListProductAsync();
        var owner = await fixture.SignInAsync();
        var other = await fixture.SignInAsync();
        var cartId = await FillCartAsync(owner.Client, sku, 1);
        var otherCart = await FillCartAsync(other.Client, sku, 1);
        using var placed = await owner.Client.SendAsync(PlaceOrder(OrderBody(cartId), Guid.NewGuid().ToString()));
        var orderId = Text(await JsonAsync(placed), "id");

        using var foreignCart = await owner.Client.SendAsync(PlaceOrder(OrderBody(otherCart), Guid.NewGuid().ToString()));
        using var foreignOrder = await other.Client.GetAsync($"/orders/{orderId}");
        using var foreignCartRead = await owner.Client.GetAsync($"/carts/{otherCart}");

        await AssertProblemAsync(foreignCart, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
        await AssertProblemAsync(foreignOrder, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
        await AssertProblemAsync(foreignCartRead, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
    }

    [Theory]
    [InlineData(null, "Idempotency-Key")]
    [InlineData("missing-address", "shippingAddress")]
    [InlineData("bad-country", "shippingAddress.country")]
    [InlineData("bad-method", "payment.method")]
    [InlineData("card-number", "payment.token")]
    [InlineData("no-cart", "cartId")]
    public async Task NamesTheFieldAndPlacesNothing_WhenInputIsBad(string? variant, string field)
    {
        var member = await fixture.SignInAsync();
        var body = new Dictionary<string, object?>
        {
            ["cartId"] = "c-0000000000000000",
            ["shippingAddress"] = new { name = "Ada", line1 = "Unter den Linden 1", city = "Berlin", postalCode = "10115", country = variant == "bad-country" ? "Germany" : "DE" },
            ["shippingOption"] = "standard",
            ["payment"] = new { method = variant == "bad-method" ? "cash" : "card", token = variant == "card-number" ? "4242 4242 4242 4242" : "tok_approve" },
        };
        if (variant == "missing-address")
        {
            body.Remove("shippingAddress");
        }
        if (variant == "no-cart")
        {
            body["cartId"] = " ";
        }

        using var response = await member.Client.SendAsync(PlaceOrder(body, variant is null ? null : Guid.NewGuid().ToString()));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:shop:problem:validation");
        using var listed = await member.Client.GetAsync("/orders");

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.DoesNotContain("4242", problem.ToString(), StringComparison.Ordinal);
        Assert.Empty((await JsonAsync(listed)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task RefusesAndReleasesTheKey_WhenStockRanOutAfterTheCartWasFilled()
    {
        var (_, sku, seller) = await _shopping.ListProductAsync(stock: 3);
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 3);
        using var sold = await seller.Client.PutAsJsonAsync($"/seller/inventory/{sku}", new { stock = 1 });
        var key = Guid.NewGuid().ToString();

        using var refused = await member.Client.SendAsync(PlaceOrder(OrderBody(cartId), key));
        using var restocked = await seller.Client.PutAsJsonAsync($"/seller/inventory/{sku}", new { stock = 5 });
        using var retried = await member.Client.SendAsync(PlaceOrder(OrderBody(cartId), key));

        await AssertProblemAsync(refused, HttpStatusCode.Conflict, "urn:shop:problem:insufficient-stock");
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    [Fact]
    public async Task NotifiesTheMemberOnce_WhenTheOrderIsPlaced()
    {
        var (_, sku, _) = await _shopping.ListProductAsync();
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 1);
        using var placed = await member.Client.SendAsync(PlaceOrder(OrderBody(cartId), Guid.NewGuid().ToString()));
        var orderId = Text(await JsonAsync(placed), "id");

        JsonElement[] notifications = [];
        for (var attempt = 0; attempt < 100 && notifications.Length == 0; attempt++)
        {
            using var inbox = await member.Client.GetAsync("/me/notifications");
            // The checkout's own status changes may be announced meanwhile; this test counts the order's placement.
            notifications = [.. (await JsonAsync(inbox)).GetProperty("items").EnumerateArray().Where(n => Text(n, "type") == "OrderPlaced")];
            await Task.Delay(notifications.Length == 0 ? 200 : 0);
        }

        var notification = Assert.Single(notifications);
        Assert.Equal((orderId, "OrderPlaced"), (Text(notification, "orderId"), Text(notification, "type")));
    }

    private async Task<List<string>> ExecutionsNamedAsync(string name)
    {
        var arn = fixture.Environment.Setting(ShopNames.Settings.CheckoutStateMachineArn);
        var executions = await fixture.Environment.Aws.StepFunctions.ListExecutionsAsync(arn, CancellationToken.None);
        return executions.Where(e => e.Name == name).Select(e => e.ExecutionArn).ToList();
    }
}
