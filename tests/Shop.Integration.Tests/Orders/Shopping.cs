using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Core.Identity;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;

namespace Shop.Integration.Tests.Orders;

/// <summary>The steps of a shopping trip over HTTP, as a storefront would take them.</summary>
internal sealed class Shopping(LocalEnvironmentFixture fixture)
{
    public const string Category = "sports-outdoors-running";

    /// <summary>A listed product of a new seller with one SKU at this price (minor units, EUR) and stock.</summary>
    public async Task<(string ProductId, string Sku, TestUser Seller)> ListProductAsync(long price = 2500, int stock = 10, string? sellerCategory = null)
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var sku = "T-ORD-" + Guid.NewGuid().ToString("N")[..10];
        using var created = await seller.Client.PostAsJsonAsync("/seller/products", new
        {
            name = "Order Test Jacket",
            brand = "Northpeak",
            description = "A jacket for order tests.",
            categoryId = sellerCategory ?? Category,
            attributes = new Dictionary<string, string> { ["weight_grams"] = "800" },
            options = new[] { "size" },
            status = "active",
            variants = new[] { new { sku, price = new { amount = price, currency = "EUR" }, options = new { size = "M" }, stock } },
        });
        var product = await JsonAsync(created);
        Assert.True(created.StatusCode == HttpStatusCode.Created, product.ToString());
        return (Text(product, "id"), sku, seller);
    }

    /// <summary>A fresh promotion code defined by an admin.</summary>
    public async Task<string> CreatePromotionAsync(object definition)
    {
        var admin = await fixture.SignInAsync(Roles.Admin);
        var code = "IT" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        using var saved = await admin.Client.PutAsJsonAsync($"/admin/promotions/{code}", definition);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        return code;
    }

    /// <summary>The member's cart holding <paramref name="quantity"/> of <paramref name="sku"/>.</summary>
    public static async Task<string> FillCartAsync(HttpClient member, string sku, int quantity)
    {
        using var created = await member.PostAsync("/carts", null);
        var id = Text(await JsonAsync(created), "id");
        using var added = await member.PutAsJsonAsync($"/carts/{id}/items/{sku}", new { quantity });
        Assert.True(added.StatusCode == HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        return id;
    }

    public static object OrderBody(string cartId, string token = "tok_approve", string country = "DE") => new
    {
        cartId,
        shippingAddress = new { name = "Ada Lovelace", line1 = "Unter den Linden 1", city = "Berlin", postalCode = "10115", country },
        shippingOption = "standard",
        payment = new { method = "card", token },
    };

    public static HttpRequestMessage PlaceOrder(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return request;
    }

    public static long Amount(JsonElement element, params string[] path)
    {
        foreach (var step in path)
        {
            element = element.GetProperty(step);
        }
        return element.GetInt64();
    }
}
