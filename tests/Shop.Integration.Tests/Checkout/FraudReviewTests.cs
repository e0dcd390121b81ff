using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Core.Fraud;
using Shop.Core.Identity;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;
using static Shop.Integration.Tests.Checkout.Checkouts;

namespace Shop.Integration.Tests.Checkout;

/// <summary>
/// The fraud check's middle verdict end to end: an order it holds waits in the review queue
/// (<c>GET /admin/orders/held</c>) with its score and reasons, its units held, until an analyst
/// approves it (the checkout goes on to payment) or rejects it (the stock goes back).
/// A first order of €300 or more from a day-old account scores 25 + 15 = 40, the default review line.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class FraudReviewTests(LocalEnvironmentFixture fixture) : IAsyncLifetime
{
    private const long HighFirstOrderPrice = 35_000;

    private readonly Checkouts _checkouts = new(fixture);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _checkouts.DisposeAsync();

    [Fact]
    public async Task HoldsTheOrderUntilAnAnalystApproves_WhenTheFraudCheckAsksForReview()
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(price: HighFirstOrderPrice, stock: 3);
        var member = await fixture.SignInAsync();
        var admin = await fixture.SignInAsync(Roles.Admin);
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku);

        var held = await WaitUntilHeldAsync(admin, orderId);
        var whileHeld = await OrderAsync(member, orderId);
        var stockWhileHeld = await _checkouts.StockAsync(productId);
        using var approved = await ReviewAsync(admin, orderId, "approve");
        var order = await WaitForStatusAsync(member, orderId, "confirmed");
        using var approvedAgain = await ReviewAsync(admin, orderId, "approve");

        Assert.Equal(40, held.GetProperty("score").GetInt32());
        Assert.Equal([FraudReasons.FirstOrderHighAmount, FraudReasons.NewAccount], held.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(member.Id, Text(held, "memberId"));
        Assert.Equal("pending", Text(whileHeld, "status"));
        Assert.Equal(2, stockWhileHeld);
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, approvedAgain.StatusCode);
        Assert.Null(await FindHeldAsync(admin, orderId));
        Assert.Equal(["pending", "confirmed"], History(order));
        Assert.Equal(Shop.Core.Payments.PaymentStatus.Authorized, (await _checkouts.PaymentAsync(orderId)).Recorded.Status);
    }

    [Fact]
    public async Task FailsAndReleasesTheStock_WhenAnAnalystRejectsAHeldOrder()
    {
        var (productId, sku, _) = await _checkouts.Shopping.ListProductAsync(price: HighFirstOrderPrice, stock: 3);
        var member = await fixture.SignInAsync();
        var admin = await fixture.SignInAsync(Roles.Admin);
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku, quantity: 2);

        await WaitUntilHeldAsync(admin, orderId);
        using var rejected = await ReviewAsync(admin, orderId, "reject");
        var ended = await _checkouts.WaitForExecutionEndAsync(orderId);
        var order = await OrderAsync(member, orderId);

        Assert.Equal(HttpStatusCode.Accepted, rejected.StatusCode);
        Assert.Equal("SUCCEEDED", ended);
        Assert.Equal(["pending", "failed"], History(order));
        Assert.Equal("rejected on review", Text(order.GetProperty("history")[1], "reason"));
        Assert.Equal(3, await _checkouts.StockAsync(productId));
        Assert.Null(await FindHeldAsync(admin, orderId));
    }

    [Fact]
    public async Task RefusesToReview_WhenTheOrderIsNotHeld()
    {
        var (_, sku, _) = await _checkouts.Shopping.ListProductAsync(stock: 3);
        var member = await fixture.SignInAsync();
        var admin = await fixture.SignInAsync(Roles.Admin);
        var (orderId, _) = await _checkouts.PlaceAsync(member, sku);
        await WaitForStatusAsync(member, orderId, "confirmed");

        using var review = await ReviewAsync(admin, orderId, "approve");
        using var byMember = await member.Client.GetAsync("/admin/orders/held");

        Assert.Equal(HttpStatusCode.Conflict, review.StatusCode);
        Assert.Null(await FindHeldAsync(admin, orderId));
        Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task AnswersAProblemNamingTheField_WhenTheQueueIsAskedBadly(string query, string field)
    {
        var admin = await fixture.SignInAsync(Roles.Admin);

        using var response = await admin.Client.GetAsync($"/admin/orders/held?{query}");
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private static Task<HttpResponseMessage> ReviewAsync(TestUser admin, string orderId, string decision) =>
        admin.Client.PostAsJsonAsync($"/admin/orders/{orderId}/review", new { decision });

    /// <summary>The order's entry in the review queue once the checkout holds it.</summary>
    private static async Task<JsonElement> WaitUntilHeldAsync(TestUser admin, string orderId)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await FindHeldAsync(admin, orderId) is { } held)
            {
                return held;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Order {orderId} was not in the review queue after {Patience.TotalSeconds} s.");
            await Task.Delay(250);
        }
    }

    /// <summary>Pages through the whole queue (other tests hold orders too), a few at a time so the cursor is used.</summary>
    private static async Task<JsonElement?> FindHeldAsync(TestUser admin, string orderId)
    {
        string? cursor = null;
        do
        {
            using var response = await admin.Client.GetAsync($"/admin/orders/held?limit=2{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            var page = await JsonAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, page.ToString());
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                if (Text(item, "orderId") == orderId)
                {
                    return item.Clone();
                }
            }
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        return null;
    }
}
