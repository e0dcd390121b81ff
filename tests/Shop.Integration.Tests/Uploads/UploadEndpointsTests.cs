using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Integration.Tests.Support;
using static Shop.Integration.Tests.Uploads.UploadParts;

namespace Shop.Integration.Tests.Uploads;

/// <summary>Bulk upload as a seller does it: POST for a presigned URL, PUT the file, poll the upload, search the products.</summary>
[Collection(UploadEnvironmentCollection.Name)]
public sealed class UploadEndpointsTests(LocalEnvironmentFixture fixture)
{
    private static async Task<(string Id, Uri Url, string ContentType)> StartAsync(TestUser seller, string format = "csv")
    {
        using var response = await seller.Client.PostAsJsonAsync("/seller/uploads", new { format });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, new Uri(body.GetProperty("uploadUrl").GetString()!), body.GetProperty("contentType").GetString()!);
    }

    private static async Task<HttpStatusCode> PutAsync(Uri url, byte[] bytes, string contentType)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var put = await new HttpClient().PutAsync(url, content);
        return put.StatusCode;
    }

    private async Task<JsonElement> FinishedAsync(TestUser seller, string id)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var upload = await seller.Client.GetFromJsonAsync<JsonElement>($"/seller/uploads/{id}");
            if (upload.GetProperty("status").GetString() is "completed" or "failed" || DateTime.UtcNow > until)
            {
                return upload;
            }
            await Task.Delay(300);
        }
    }

    private async Task<JsonElement> SearchUntilAsync(string query, Func<JsonElement, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await fixture.Api.GetFromJsonAsync<JsonElement>(query);
            if (done(page) || DateTime.UtcNow > until)
            {
                return page;
            }
            await Task.Delay(300);
        }
    }

    [Fact]
    public async Task ImportsGoodRowsReportsBadOnesAndImportsNothingTwice_WhenTheSeededSellerUploadsACsv()
    {
        var seller = await SeededSellerAsync(fixture);
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var word = "lumitrex" + new string(run.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());
        var category = Category();
        var csv = Csv(
            Header,
            $"U{run}-1,Lantern {word},19.99,EUR,5,{category},lantern-{run},Lumen,colour,brass",
            $"U{run}-2,Lantern {word},21.50,EUR,2,{category},lantern-{run},Lumen,colour,black",
            $"U{run}-3,\"Candle {word}, \"\"tall\"\"\r\nwhite\",4.00,EUR,10,{category},,Lumen,,",
            $"U{run}-4,Bad price,abc,EUR,1,{category},,Lumen,,",
            $"U{run}-5,Bad category,1.00,EUR,1,nowhere-{run},,Lumen,,",
            $"U{run}-1,Again,1.00,EUR,1,{category},,Lumen,,",
            $"=HYPERLINK(\"http://x\"),Formula,1.00,EUR,1,{category},,Lumen,,");
        var (id, url, contentType) = await StartAsync(seller);

        Assert.Equal(HttpStatusCode.OK, await PutAsync(url, csv, contentType));
        var upload = await FinishedAsync(seller, id);

        Assert.Equal("completed", upload.GetProperty("status").GetString());
        Assert.Equal((7L, 3L, 4L), (upload.GetProperty("rowsTotal").GetInt64(), upload.GetProperty("rowsImported").GetInt64(), upload.GetProperty("rowsFailed").GetInt64()));
        var report = await new HttpClient().GetStringAsync(upload.GetProperty("errorReportUrl").GetString());
        var lines = report.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,reason", lines[0]);
        Assert.StartsWith("5,price,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("6,category,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("7,sku,Appears again: row 2", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("8,sku,", lines[4], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Split(',').Any(cell => cell.TrimStart('"').StartsWith('=')));
        var found = await SearchUntilAsync($"/search?q={word}", page => page.GetProperty("total").GetInt64() == 2);
        Assert.Equal(2, found.GetProperty("total").GetInt64());

        var (again, againUrl, _) = await StartAsync(seller);
        Assert.Equal(HttpStatusCode.OK, await PutAsync(againUrl, csv, contentType));
        var repeat = await FinishedAsync(seller, again);

        Assert.Equal("completed", repeat.GetProperty("status").GetString());
        Assert.Equal(0, repeat.GetProperty("rowsImported").GetInt64());
        Assert.Equal(id, repeat.GetProperty("duplicateOf").GetString());
        var lantern = found.GetProperty("items").EnumerateArray().First(i => i.GetProperty("name").GetString()!.StartsWith("Lantern", StringComparison.Ordinal)).GetProperty("id").GetString();
        var product = await fixture.Api.GetFromJsonAsync<JsonElement>($"/products/{lantern}");
        Assert.Equal(2, product.GetProperty("variants").GetArrayLength());
    }

    [Fact]
    public async Task AnswersNotFound_WhenAnotherSellerAsksForAnUpload()
    {
        var seller = await fixture.SignInAsync("seller");
        var other = await fixture.SignInAsync("seller");
        var (id, _, _) = await StartAsync(seller);

        using var response = await other.Client.GetAsync($"/seller/uploads/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("pending", (await seller.Client.GetFromJsonAsync<JsonElement>($"/seller/uploads/{id}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task NamesTheField_WhenTheFormatIsUnknown()
    {
        var seller = await fixture.SignInAsync("seller");

        using var response = await seller.Client.PostAsJsonAsync("/seller/uploads", new { format = "xlsx" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("format", out _));
    }

    [Fact]
    public async Task RefusesThePut_WhenTheUrlIsUsedForAnotherSellersKeyOrAnotherType()
    {
        var seller = await fixture.SignInAsync("seller");
        var victim = await fixture.SignInAsync("seller");
        var (_, url, contentType) = await StartAsync(seller);
        var elsewhere = new UriBuilder(url) { Path = url.AbsolutePath.Replace(seller.Id, victim.Id, StringComparison.Ordinal) }.Uri;
        var bytes = Csv(Header);

        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(elsewhere, bytes, contentType));
        Assert.Equal(HttpStatusCode.Forbidden, await PutAsync(url, bytes, "application/octet-stream"));
        Assert.Equal(HttpStatusCode.OK, await PutAsync(url, bytes, contentType));
    }
}
