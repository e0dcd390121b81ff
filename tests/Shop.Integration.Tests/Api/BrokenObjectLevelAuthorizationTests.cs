using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Api;

/// <summary>
/// Every route that names a member's or a seller's own object, called by another user of the
/// same role with the owner's ids: the answer is 404, exactly as for an id that does not exist,
/// and the owner's object is unchanged. A test checks the cases cover every such route in the
/// OpenAPI document, so a new route cannot be added without one.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class BrokenObjectLevelAuthorizationTests(LocalEnvironmentFixture fixture)
{
    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["PUT /seller/products/{id}"] = """{"name":"Taken over","brand":"Thief","categoryId":"books-fiction","status":"draft"}""",
        ["POST /seller/products/{id}/variants"] = """{"sku":"THIEF-SKU-1","price":{"amount":100,"currency":"EUR"},"options":{},"stock":1}""",
        ["PUT /seller/products/{id}/variants/{sku}"] = """{"price":{"amount":1,"currency":"EUR"}}""",
        ["POST /seller/products/{id}/images"] = """{"contentType":"image/png"}""",
        ["PUT /seller/inventory/{sku}"] = """{"stock":0}""",
        ["PUT /me/addresses/{id}"] = """{"name":"Thief","line1":"1 Way","city":"Berlin","postalCode":"10115","country":"DE"}""",
    };

    private static readonly string[] OwnedRouteList =
    [
        "GET /seller/products/{id}",
        "PUT /seller/products/{id}",
        "DELETE /seller/products/{id}",
        "POST /seller/products/{id}/variants",
        "PUT /seller/products/{id}/variants/{sku}",
        "DELETE /seller/products/{id}/variants/{sku}",
        "POST /seller/products/{id}/images",
        "PUT /seller/inventory/{sku}",
        "PUT /me/addresses/{id}",
        "DELETE /me/addresses/{id}",
        "GET /orders/{id}",
        "POST /carts/{id}/claim",
        "POST /orders/{id}/cancel",
        "POST /orders/{id}/payment/complete",
        "GET /seller/uploads/{id}",
    ];

    public static TheoryData<string> OwnedRoutes => new(OwnedRouteList);

    [Theory]
    [MemberData(nameof(OwnedRoutes))]
    public async Task AnswersNotFoundAndChangesNothing_WhenAnotherUserUsesTheOwnersIds(string route)
    {
        var kind = route.Contains("/seller/uploads/", StringComparison.Ordinal) ? Owned.Upload
            : route.Contains("/seller/", StringComparison.Ordinal) ? Owned.Product
            : route.Contains("/orders/", StringComparison.Ordinal) ? Owned.Order
            : route.Contains("/carts/", StringComparison.Ordinal) ? Owned.Cart
            : Owned.Address;
        var bySellers = kind is Owned.Product or Owned.Upload;
        var owner = bySellers ? await fixture.SignInAsync("seller") : await fixture.SignInAsync();
        var intruder = bySellers ? await fixture.SignInAsync("seller") : await fixture.SignInAsync();
        var ids = kind switch
        {
            Owned.Product => await CreateProductAsync(owner),
            Owned.Upload => await CreateUploadAsync(owner),
            Owned.Address => await CreateAddressAsync(owner),
            _ => await CreateCartAsync(owner, placeOrder: kind == Owned.Order),
        };
        var before = await SnapshotAsync(owner, kind, ids);

        using var response = await SendAsync(intruder.Client, route, ids);
        var after = await SnapshotAsync(owner, kind, ids);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task CoversEveryOwnedRoute_WhenEndpointTableIsRead()
    {
        var operations = await ApiSurface.ReadAsync(fixture.Api);
        var owned = operations
            .Where(o => o.Access is "member" or "seller" && o.PathParameters.Count > 0)
            .Select(o => $"{o.Method} {o.PathTemplate}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(owned, OwnedRouteList.Order(StringComparer.Ordinal));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string route, Dictionary<string, string> ids)
    {
        var space = route.IndexOf(' ');
        var path = ids.Aggregate(route[(space + 1)..], (p, id) => p.Replace("{" + id.Key + "}", Uri.EscapeDataString(id.Value), StringComparison.Ordinal));
        var request = new HttpRequestMessage(new HttpMethod(route[..space]), path);
        if (Bodies.TryGetValue(route, out var body))
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        return client.SendAsync(request);
    }

    private static async Task<Dictionary<string, string>> CreateProductAsync(TestUser seller)
    {
        var sku = $"BOLA-{Guid.NewGuid():N}"[..20];
        using var created = await seller.Client.PostAsJsonAsync("/seller/products", new
        {
            name = "Owner's lamp",
            brand = "Lumen",
            categoryId = "home-kitchen-lighting",
            options = new[] { "colour" },
            variants = new[]
            {
                new { sku, price = new { amount = 4999, currency = "EUR" }, options = new Dictionary<string, string> { ["colour"] = "brass" }, stock = 5 },
                new { sku = sku + "-B", price = new { amount = 5999, currency = "EUR" }, options = new Dictionary<string, string> { ["colour"] = "black" }, stock = 3 },
            },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var product = await created.Content.ReadFromJsonAsync<JsonElement>();
        return new() { ["id"] = product.GetProperty("id").GetString()!, ["sku"] = sku };
    }

    private static async Task<Dictionary<string, string>> CreateAddressAsync(TestUser member)
    {
        using var created = await member.Client.PostAsJsonAsync("/me/addresses", new { name = "Home", line1 = "Invalidenstraße 117", city = "Berlin", postalCode = "10115", country = "DE" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new() { ["id"] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()! };
    }

    /// <summary>A member's cart holding a demo SKU, or (with <paramref name="placeOrder"/>) the order placed from it.</summary>
    private async Task<Dictionary<string, string>> CreateCartAsync(TestUser member, bool placeOrder)
    {
        var seller = await fixture.SignInAsync("seller");
        var ids = await CreateProductAsync(seller);
        using (var listed = await seller.Client.PutAsJsonAsync($"/seller/products/{ids["id"]}", new { status = "active" }))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }
        using var created = await member.Client.PostAsync("/carts", null);
        var cartId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using (var added = await member.Client.PutAsJsonAsync($"/carts/{cartId}/items/{ids["sku"]}", new { quantity = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }
        if (!placeOrder)
        {
            return new() { ["id"] = cartId };
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = JsonContent.Create(new
            {
                cartId,
                shippingAddress = new { name = "Owner", line1 = "Invalidenstraße 117", city = "Berlin", postalCode = "10115", country = "DE" },
                shippingOption = "standard",
                payment = new { method = "card", token = "tok_approve" },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var placed = await member.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // The order's checkout runs on; it holds still once confirmed and waiting for the warehouse.
        await Checkout.Checkouts.WaitForShipmentAsync(member, orderId);
        return new() { ["id"] = orderId };
    }

    private static async Task<Dictionary<string, string>> CreateUploadAsync(TestUser seller)
    {
        using var created = await seller.Client.PostAsJsonAsync("/seller/uploads", new { format = "csv" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return new() { ["id"] = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()! };
    }

    private enum Owned
    {
        Upload,
        Product,
        Address,
        Cart,
        Order,
    }

    /// <summary>What the owner sees of the object, as text; equal before and after means untouched.</summary>
    private static async Task<string> SnapshotAsync(TestUser owner, Owned kind, Dictionary<string, string> ids) => kind switch
    {
        Owned.Product => await owner.Client.GetStringAsync($"/seller/products/{ids["id"]}"),
        Owned.Upload => await owner.Client.GetStringAsync($"/seller/uploads/{ids["id"]}"),
        Owned.Cart => await owner.Client.GetStringAsync($"/carts/{ids["id"]}"),
        Owned.Order => await owner.Client.GetStringAsync($"/orders/{ids["id"]}"),
        _ => await owner.Client.GetStringAsync("/me/addresses"),
    };
}
