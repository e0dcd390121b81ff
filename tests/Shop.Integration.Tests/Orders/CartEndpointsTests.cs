using System.Net;
using System.Net.Http.Json;
using System.Text;
using Amazon.DynamoDBv2.Model;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;
using static Shop.Integration.Tests.Orders.Shopping;

namespace Shop.Integration.Tests.Orders;

/// <summary>Guest and member carts over HTTP: ownership, lines, server-side prices, claiming at sign-in, expiry.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class CartEndpointsTests(LocalEnvironmentFixture fixture)
{
    private readonly Shopping _shopping = new(fixture);

    [Fact]
    public async Task ServesTheGuestCartOnlyWithItsSecret_WhenAGuestShops()
    {
        var (_, sku, _) = await _shopping.ListProductAsync(price: 1999);
        using var created = await fixture.Api.PostAsync("/carts", null);
        var cart = await JsonAsync(created);
        var (id, secret) = (Text(cart, "id"), Text(cart, "secret"));

        using var withoutSecret = await fixture.Api.PutAsJsonAsync($"/carts/{id}/items/{sku}", new { quantity = 2 });
        using var wrongSecret = await Send(HttpMethod.Put, $"/carts/{id}/items/{sku}", "not-the-secret", new { quantity = 2 });
        using var added = await Send(HttpMethod.Put, $"/carts/{id}/items/{sku}", secret, new { quantity = 2 });
        using var read = await Send(HttpMethod.Get, $"/carts/{id}", secret);
        var shown = await JsonAsync(read);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await AssertProblemAsync(withoutSecret, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
        await AssertProblemAsync(wrongSecret, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.False(shown.TryGetProperty("secret", out _));
        var item = Assert.Single(shown.GetProperty("items").EnumerateArray());
        Assert.Equal((sku, 2, 1999L), (Text(item, "sku"), item.GetProperty("quantity").GetInt32(), Amount(item, "unitPrice", "amount")));
        Assert.Equal(3998L, Amount(shown, "breakdown", "subtotal"));
    }

    [Fact]
    public async Task ShowsTheCatalogsCurrentPrice_WhenTheSellerChangedItAfterTheItemWasAdded()
    {
        var (productId, sku, seller) = await _shopping.ListProductAsync(price: 3000);
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 1);

        using var repriced = await seller.Client.PutAsJsonAsync($"/seller/products/{productId}/variants/{sku}", new { price = new { amount = 2700, currency = "EUR" } });
        using var read = await member.Client.GetAsync($"/carts/{cartId}");

        Assert.True(repriced.IsSuccessStatusCode, await repriced.Content.ReadAsStringAsync());
        Assert.Equal(2700L, Amount(await JsonAsync(read), "breakdown", "subtotal"));
    }

    [Fact]
    public async Task MergesTheGuestCartIntoTheMembersAndDeletesIt_WhenClaimedAtSignIn()
    {
        var (_, shared, _) = await _shopping.ListProductAsync(stock: 50);
        var (_, guestOnly, _) = await _shopping.ListProductAsync(stock: 50);
        var member = await fixture.SignInAsync();
        var memberCart = await FillCartAsync(member.Client, shared, 2);
        using var created = await fixture.Api.PostAsync("/carts", null);
        var guest = await JsonAsync(created);
        var (guestId, secret) = (Text(guest, "id"), Text(guest, "secret"));
        (await Send(HttpMethod.Put, $"/carts/{guestId}/items/{shared}", secret, new { quantity = 3 })).Dispose();
        (await Send(HttpMethod.Put, $"/carts/{guestId}/items/{guestOnly}", secret, new { quantity = 1 })).Dispose();

        using var claim = new HttpRequestMessage(HttpMethod.Post, $"/carts/{guestId}/claim");
        claim.Headers.Add("X-Cart-Secret", secret);
        using var claimed = await member.Client.SendAsync(claim);
        var merged = await JsonAsync(claimed);
        using var guestAfter = await Send(HttpMethod.Get, $"/carts/{guestId}", secret);

        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal(memberCart, Text(merged, "id"));
        var quantities = merged.GetProperty("items").EnumerateArray().ToDictionary(i => Text(i, "sku"), i => i.GetProperty("quantity").GetInt32());
        Assert.Equal(new Dictionary<string, int> { [shared] = 5, [guestOnly] = 1 }, quantities);
        await AssertProblemAsync(guestAfter, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
    }

    [Fact]
    public async Task RefusesAndChangesNothing_WhenTheItemRequestIsBad()
    {
        var (_, sku, _) = await _shopping.ListProductAsync(stock: 5);
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 1);

        using var zero = await member.Client.PutAsJsonAsync($"/carts/{cartId}/items/{sku}", new { quantity = 0 });
        using var negative = await member.Client.PutAsJsonAsync($"/carts/{cartId}/items/{sku}", new { quantity = -3 });
        using var tooMany = await member.Client.PutAsJsonAsync($"/carts/{cartId}/items/{sku}", new { quantity = 100 });
        using var price = await member.Client.PutAsJsonAsync($"/carts/{cartId}/items/{sku}", new { quantity = 1, price = 1 });
        using var unknown = await member.Client.PutAsJsonAsync($"/carts/{cartId}/items/NO-SUCH-SKU-1", new { quantity = 1 });
        using var wrongType = await member.Client.PutAsync($"/carts/{cartId}/items/{sku}", new StringContent("{\"quantity\":\"two\"}", Encoding.UTF8, "application/json"));
        using var overStock = await member.Client.PutAsJsonAsync($"/carts/{cartId}/items/{sku}", new { quantity = 6 });
        using var read = await member.Client.GetAsync($"/carts/{cartId}");

        foreach (var (response, field) in new[] { (zero, "quantity"), (negative, "quantity"), (tooMany, "quantity"), (price, "price"), (unknown, "sku"), (wrongType, "quantity") })
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:shop:problem:validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        await AssertProblemAsync(overStock, HttpStatusCode.Conflict, "urn:shop:problem:insufficient-stock");
        var item = Assert.Single((await JsonAsync(read)).GetProperty("items").EnumerateArray());
        Assert.Equal(1, item.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task ExpiresThirtyDaysAfterTheLastChange_WhenTheCartChanges()
    {
        var (_, sku, _) = await _shopping.ListProductAsync();
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 1);
        using var read = await member.Client.GetAsync($"/carts/{cartId}");
        var cart = await JsonAsync(read);

        var item = await fixture.Environment.Aws.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = fixture.Environment.TableName(),
            Key = new() { ["PK"] = new AttributeValue("CART#" + cartId), ["SK"] = new AttributeValue("CART") },
        });

        var updatedAt = cart.GetProperty("updatedAt").GetDateTimeOffset();
        Assert.Equal(updatedAt.AddDays(30), cart.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(updatedAt.AddDays(30).ToUnixTimeSeconds(), long.Parse(item.Item["expiresAt"].N, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ShowsTheRejectionReason_WhenAPromotionsMinimumIsNotMet()
    {
        var (_, sku, _) = await _shopping.ListProductAsync(price: 1000);
        var code = await _shopping.CreatePromotionAsync(new { description = "5 off 50", type = "amount_off", amountOff = 500, minSubtotal = 5000, currency = "EUR" });
        var member = await fixture.SignInAsync();
        var cartId = await FillCartAsync(member.Client, sku, 1);

        using var applied = await member.Client.PutAsync($"/carts/{cartId}/promotions/{code}", null);
        using var unknownCode = await member.Client.PutAsync($"/carts/{cartId}/promotions/NOPE{Guid.NewGuid().ToString("N")[..8]}", null);
        var breakdown = (await JsonAsync(applied)).GetProperty("breakdown");

        Assert.Equal(0L, Amount(breakdown, "discount"));
        var rejected = Assert.Single(breakdown.GetProperty("rejected").EnumerateArray());
        Assert.Equal((code, "minimum_not_met"), (Text(rejected, "code"), Text(rejected, "reason")));
        await AssertProblemAsync(unknownCode, HttpStatusCode.BadRequest, "urn:shop:problem:validation");
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string secret, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Cart-Secret", secret);
        return fixture.Api.SendAsync(request);
    }
}
