using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.Core;
using Shop.Core.Identity;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Catalog.ProductEndpointsTests;

namespace Shop.Integration.Tests.Catalog;

/// <summary>A seller's catalog over HTTP: signed in through the user pool, as a client would be.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class SellerEndpointsTests(LocalEnvironmentFixture fixture)
{
    private const string Category = "sports-outdoors-running";

    [Fact]
    public async Task ShowsProductWithItsStockToAnyone_WhenSellerCreatesItAndSetsStock()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var (redSku, blueSku) = (Sku("RED"), Sku("BLU"));

        using var created = await seller.Client.PostAsync("/seller/products", Json(NewProduct(redSku, blueSku, status: "active")));
        var product = await JsonAsync(created);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = Text(product, "id");
        Assert.Equal($"/seller/products/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(seller.Id, Text(product, "sellerId"));

        using var set = await seller.Client.PutAsync($"/seller/inventory/{redSku}", Json(new { stock = 7 }));
        using var adjusted = await seller.Client.PutAsync($"/seller/inventory/{redSku}", Json(new { delta = -2 }));
        Assert.Equal((HttpStatusCode.OK, 7), (set.StatusCode, (await JsonAsync(set)).GetProperty("stock").GetInt32()));
        Assert.Equal((redSku, 5), (Text(await JsonAsync(adjusted), "sku"), (await JsonAsync(adjusted)).GetProperty("stock").GetInt32()));

        using var read = await fixture.Api.GetAsync($"/products/{id}");
        var shown = await JsonAsync(read);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(("Trail Runner 2", "Northpeak", Category), (Text(shown, "name"), Text(shown, "brand"), Text(shown, "categoryId")));
        var variants = shown.GetProperty("variants").EnumerateArray()
            .ToDictionary(v => Text(v, "sku"), v => (v.GetProperty("price").GetProperty("amount").GetInt64(), Text(v.GetProperty("price"), "currency"), v.GetProperty("stock").GetInt32()));
        Assert.Equal((8999L, "EUR", 5), variants[redSku]);
        Assert.Equal((9499L, "EUR", 3), variants[blueSku]);
    }

    [Fact]
    public async Task KeepsDraftOffTheStorefrontUntilActivated_WhenCreatedWithoutStatus()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var id = await CreateAsync(seller);

        using var hidden = await fixture.Api.GetAsync($"/products/{id}");
        using var activated = await seller.Client.PutAsync($"/seller/products/{id}", Json(new { status = "active" }));
        using var shown = await fixture.Api.GetAsync($"/products/{id}");
        using var archived = await seller.Client.DeleteAsync($"/seller/products/{id}");
        using var gone = await fixture.Api.GetAsync($"/products/{id}");
        using var reactivated = await seller.Client.PutAsync($"/seller/products/{id}", Json(new { status = "active" }));

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NotFound, HttpStatusCode.BadRequest],
            new[] { hidden, activated, shown, archived, gone, reactivated }.Select(r => r.StatusCode));
    }

    public static TheoryData<string, string> BadProducts => new()
    {
        { """{"name": "Trail""", "$" },
        { """{"name": 5}""", "name" },
        { """{"variants": {"sku": "A"}}""", "variants" },
        { """{"sellerId": "someone-else"}""", "sellerId" },
        { """{"id": "p-mine"}""", "id" },
        { """{"variants": [{"sku": "A-1", "price": {"amount": "cheap", "currency": "EUR"}}]}""", "variants[0].price.amount" },
        { """{"variants": [{"sku": "A-1", "price": {"amount": 1.5, "currency": "EUR"}}]}""", "variants[0].price.amount" },
    };

    [Theory]
    [MemberData(nameof(BadProducts))]
    public async Task NamesTheFieldAndCreatesNothing_WhenProductBodyIsInvalid(string body, string field)
    {
        var seller = await fixture.SignInAsync(Roles.Seller);

        using var response = await seller.Client.PostAsync("/seller/products", Raw(body));

        await AssertNamesAsync(response, field);
        await AssertNoProductsAsync(seller);
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("variants[0].stock", -1)]
    [InlineData("variants[1].price.amount", -100)]
    [InlineData("variants[1].sku", "same")]
    [InlineData("categoryId", "no-such-category")]
    public async Task NamesTheFieldAndCreatesNothing_WhenProductBreaksARule(string field, object value)
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var body = NewProduct(Sku("A"), Sku("B"));
        switch (field)
        {
            case "name": body["name"] = value; break;
            case "categoryId": body["categoryId"] = value; break;
            case "variants[0].stock": Variants(body)[0]["stock"] = value; break;
            case "variants[1].price.amount": Variants(body)[1]["price"] = new { amount = value, currency = "EUR" }; break;
            case "variants[1].sku": Variants(body)[1]["sku"] = Variants(body)[0]["sku"]; break;
        }

        using var response = await seller.Client.PostAsync("/seller/products", Json(body));

        await AssertNamesAsync(response, field);
        await AssertNoProductsAsync(seller);
    }

    [Fact]
    public async Task NamesTheSkuAndCreatesNothing_WhenAnotherProductHoldsIt()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var taken = Sku("TAKEN");
        await CreateAsync(seller, taken);

        using var response = await seller.Client.PostAsync("/seller/products", Json(NewProduct(Sku("NEW"), taken)));

        await AssertNamesAsync(response, "variants[1].sku");
        Assert.Single((await JsonAsync(await seller.Client.GetAsync("/seller/products"))).GetProperty("items").EnumerateArray());
    }

    public static TheoryData<string, string> BadStockChanges => new()
    {
        { """{"stock": -1}""", "stock" },
        { """{"stock": "5"}""", "stock" },
        { """{"stock": 1, "delta": 1}""", "delta" },
        { """{}""", "stock" },
        { """{"stock": 1, "price": 1}""", "price" },
        { """{"delta": -1000001}""", "delta" },
    };

    [Theory]
    [MemberData(nameof(BadStockChanges))]
    public async Task NamesTheFieldAndKeepsStock_WhenStockChangeIsInvalid(string body, string field)
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var sku = Sku("S");
        var id = await CreateAsync(seller, sku);

        using var response = await seller.Client.PutAsync($"/seller/inventory/{sku}", Raw(body));

        await AssertNamesAsync(response, field);
        Assert.Equal(3, await StockAsync(seller, id, sku));
    }

    [Fact]
    public async Task AnswersInsufficientStockAndKeepsStock_WhenDeltaWouldGoNegative()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var sku = Sku("S");
        var id = await CreateAsync(seller, sku);

        using var response = await seller.Client.PutAsync($"/seller/inventory/{sku}", Json(new { delta = -4 }));

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "urn:shop:problem:insufficient-stock");
        Assert.Equal(3, await StockAsync(seller, id, sku));
    }

    [Theory]
    [InlineData("UNKNOWN-SKU-1", HttpStatusCode.NotFound)]
    [InlineData("not%20a%20sku", HttpStatusCode.BadRequest)]
    public async Task RefusesStockChange_WhenSkuIsUnknownOrMalformed(string sku, HttpStatusCode status)
    {
        var seller = await fixture.SignInAsync(Roles.Seller);

        using var response = await seller.Client.PutAsync($"/seller/inventory/{sku}", Json(new { stock = 1 }));

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task RefusesStockInAVariantUpdateAndKeepsIt_WhenSellerSendsOne()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var sku = Sku("S");
        var id = await CreateAsync(seller, sku);

        using var response = await seller.Client.PutAsync($"/seller/products/{id}/variants/{sku}", Json(new { price = new { amount = 100, currency = "EUR" }, stock = 999 }));

        await AssertNamesAsync(response, "stock");
        Assert.Equal(3, await StockAsync(seller, id, sku));
    }

    [Fact]
    public async Task ManagesVariantsButKeepsTheLast_WhenSellerAddsRepricesAndRemoves()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var (first, second, added) = (Sku("A"), Sku("B"), Sku("C"));
        var id = await CreateAsync(seller, first, second);

        using var add = await seller.Client.PostAsync($"/seller/products/{id}/variants",
            Json(new { sku = added, price = new { amount = 5000, currency = "EUR" }, options = new { color = "green", size = "44" }, stock = 2 }));
        using var reprice = await seller.Client.PutAsync($"/seller/products/{id}/variants/{added}", Json(new { price = new { amount = 4500, currency = "EUR" } }));
        using var removeFirst = await seller.Client.DeleteAsync($"/seller/products/{id}/variants/{first}");
        using var removeSecond = await seller.Client.DeleteAsync($"/seller/products/{id}/variants/{second}");
        using var removeLast = await seller.Client.DeleteAsync($"/seller/products/{id}/variants/{added}");

        Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        Assert.Equal(4500, (await JsonAsync(reprice)).GetProperty("price").GetProperty("amount").GetInt64());
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (removeFirst.StatusCode, removeSecond.StatusCode));
        await AssertProblemAsync(removeLast, HttpStatusCode.Conflict, "urn:shop:problem:conflict");
        var product = await JsonAsync(await seller.Client.GetAsync($"/seller/products/{id}"));
        Assert.Equal([added], product.GetProperty("variants").EnumerateArray().Select(v => Text(v, "sku")));
        Assert.Equal(4500, product.GetProperty("minPrice").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task AnswersNotFoundAndChangesNothing_WhenAnotherSellerTouchesTheProduct()
    {
        var owner = await fixture.SignInAsync(Roles.Seller);
        var other = await fixture.SignInAsync(Roles.Seller);
        var sku = Sku("MINE");
        var id = await CreateAsync(owner, sku);
        var price = new { price = new { amount = 1, currency = "EUR" } };

        var attempts = new List<HttpResponseMessage>
        {
            await other.Client.GetAsync($"/seller/products/{id}"),
            await other.Client.PutAsync($"/seller/products/{id}", Json(new { name = "Stolen", status = "active" })),
            await other.Client.DeleteAsync($"/seller/products/{id}"),
            await other.Client.PostAsync($"/seller/products/{id}/variants", Json(new { sku = Sku("X"), price = new { amount = 1, currency = "EUR" }, options = new { color = "x", size = "1" } })),
            await other.Client.PutAsync($"/seller/products/{id}/variants/{sku}", Json(price)),
            await other.Client.DeleteAsync($"/seller/products/{id}/variants/{sku}"),
            await other.Client.PutAsync($"/seller/inventory/{sku}", Json(new { stock = 0 })),
            await other.Client.PostAsync($"/seller/products/{id}/images", Json(new { contentType = "image/png" })),
        };

        foreach (var attempt in attempts)
        {
            await AssertProblemAsync(attempt, HttpStatusCode.NotFound, "urn:shop:problem:not-found");
            attempt.Dispose();
        }
        var product = await JsonAsync(await owner.Client.GetAsync($"/seller/products/{id}"));
        Assert.Equal(("Trail Runner 2", "draft"), (Text(product, "name"), Text(product, "status")));
        var variants = product.GetProperty("variants").EnumerateArray().ToList();
        Assert.Equal(2, variants.Count);
        var mine = variants.Single(v => Text(v, "sku") == sku);
        Assert.Equal((8999L, 3), (mine.GetProperty("price").GetProperty("amount").GetInt64(), mine.GetProperty("stock").GetInt32()));
        Assert.Empty((await JsonAsync(await other.Client.GetAsync("/seller/products"))).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task StoresThePicture_WhenSellerUploadsToTheSlot()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var id = await CreateAsync(seller);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x2A];

        using var slotResponse = await seller.Client.PostAsync($"/seller/products/{id}/images", Json(new { contentType = "image/png" }));
        var slot = await JsonAsync(slotResponse);
        using var upload = new ByteArrayContent(png);
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var put = await new HttpClient().PutAsync(Text(slot, "uploadUrl"), upload);

        Assert.Equal(HttpStatusCode.Created, slotResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True(DateTimeOffset.Parse(Text(slot, "expiresAt"), System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(14));
        var image = (await JsonAsync(await seller.Client.GetAsync($"/seller/products/{id}"))).GetProperty("images").EnumerateArray().Single();
        Assert.Equal((Text(slot, "id"), Text(slot, "url")), (Text(image, "id"), Text(image, "url")));
        var bucket = fixture.Environment.Setting(ShopNames.Settings.ImagesBucket);
        var key = new Uri(Text(slot, "url")).AbsolutePath[(bucket.Length + 2)..];
        using var stored = await fixture.Environment.Aws.S3.GetObjectAsync(bucket, key);
        Assert.Equal("image/png", stored.Headers.ContentType);
    }

    [Fact]
    public async Task NamesContentType_WhenPictureTypeIsNotAllowed()
    {
        var seller = await fixture.SignInAsync(Roles.Seller);
        var id = await CreateAsync(seller);

        using var response = await seller.Client.PostAsync($"/seller/products/{id}/images", Json(new { contentType = "image/svg+xml" }));

        await AssertNamesAsync(response, "contentType");
    }

    [Fact]
    public async Task RefusesSellerRoutes_WhenCallerIsAMember()
    {
        var member = await fixture.SignInAsync();

        using var response = await member.Client.PostAsync("/seller/products", Json(NewProduct(Sku("A"), Sku("B"))));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string Sku(string label) => $"T-{label}-{Guid.NewGuid().ToString("N")[..10]}";

    private static Dictionary<string, object?> NewProduct(string first, string second, string? status = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = "Trail Runner 2",
            ["brand"] = "Northpeak",
            ["description"] = "A light trail shoe with a rock plate.",
            ["categoryId"] = Category,
            ["attributes"] = new Dictionary<string, string> { ["drop"] = "6 mm" },
            ["options"] = new[] { "color", "size" },
            ["variants"] = new List<Dictionary<string, object?>>
            {
                new() { ["sku"] = first, ["price"] = new { amount = 8999, currency = "EUR" }, ["options"] = new { color = "red", size = "42" }, ["stock"] = 3 },
                new() { ["sku"] = second, ["price"] = new { amount = 9499, currency = "EUR" }, ["options"] = new { color = "blue", size = "43" }, ["stock"] = 3 },
            },
        };
        if (status is not null)
        {
            body["status"] = status;
        }
        return body;
    }

    private static List<Dictionary<string, object?>> Variants(Dictionary<string, object?> body) => (List<Dictionary<string, object?>>)body["variants"]!;

    private static async Task<string> CreateAsync(TestUser seller, string? first = null, string? second = null)
    {
        var body = NewProduct(first ?? Sku("A"), second ?? Sku("B"));
        using var response = await seller.Client.PostAsync("/seller/products", Json(body));
        var product = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, product.ToString());
        return Text(product, "id");
    }

    private static async Task<int> StockAsync(TestUser seller, string productId, string sku)
    {
        var product = await JsonAsync(await seller.Client.GetAsync($"/seller/products/{productId}"));
        return product.GetProperty("variants").EnumerateArray().Single(v => Text(v, "sku") == sku).GetProperty("stock").GetInt32();
    }

    private static async Task AssertNoProductsAsync(TestUser seller)
    {
        using var response = await seller.Client.GetAsync("/seller/products");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await JsonAsync(response)).GetProperty("items").EnumerateArray());
    }

    /// <summary>A 400 problem naming <paramref name="field"/>: among its field errors, or as the malformed document's root.</summary>
    private static async Task AssertNamesAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        if (field == "$")
        {
            Assert.Equal("urn:shop:problem:malformed-json", Text(problem, "type"));
            return;
        }
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for {field}: {body}");
    }

    private static JsonContent Json(object body) => JsonContent.Create(body);

    private static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");
}
