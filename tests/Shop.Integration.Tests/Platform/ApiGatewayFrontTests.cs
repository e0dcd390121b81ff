using System.Net;
using System.Text.Json;
using Shop.Core;
using Shop.Integration.Tests.Support;
using Shop.Local.Seeding;
using Shop.Tests;

namespace Shop.Integration.Tests.Platform;

[Collection(LocalEnvironmentCollection.Name)]
public sealed class ApiGatewayFrontTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task ReportsEveryDependencyOk_WhenEnvironmentIsUp()
    {
        using var response = await fixture.Api.GetAsync("/health");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        var dependencies = body.GetProperty("dependencies").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        Assert.Equal(["dynamodb", "postgres", "search", "stepfunctions"], dependencies.Keys.Order());
        var failing = dependencies.Where(d => d.Value != """{"status":"ok"}""").Select(d => d.Key).ToList();
        Assert.True(failing.Count == 0, $"failing: {string.Join(", ", failing)}; the Api logged:\n"
            + string.Join("\n", fixture.Log().Split('\n').Where(l => l.Contains("is failing", StringComparison.Ordinal)).TakeLast(5)));
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ListsSeededTree_WhenCategoriesRequested()
    {
        using var response = await fixture.Api.GetAsync("/categories");
        var roots = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("categories");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seeded = DemoCatalog.Categories();
        Assert.Equal(seeded.Where(c => c.IsRoot).Select(c => c.Id), roots.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var children = roots.EnumerateArray().Sum(r => r.GetProperty("children").GetArrayLength());
        Assert.Equal(seeded.Count(c => !c.IsRoot), children);
    }

    [Fact]
    public async Task GivesSameResponse_WhenEventGoesThroughInvokeAndThroughHttp()
    {
        var invoked = await fixture.Function(ShopNames.Handlers.Api).InvokeAsync(RepositoryPaths.Event("categories-list-apigw.json"));
        using var http = await fixture.Api.GetAsync("/categories");

        Assert.True(invoked.Succeeded, invoked.PayloadText);
        var viaInvoke = JsonDocument.Parse(invoked.PayloadText).RootElement;
        Assert.Equal((int)http.StatusCode, viaInvoke.GetProperty("statusCode").GetInt32());
        Assert.Equal(await http.Content.ReadAsStringAsync(), viaInvoke.GetProperty("body").GetString());
        var headers = viaInvoke.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(http.Content.Headers.ContentType!.ToString(), headers["content-type"]);
    }

    [Fact]
    public async Task AnswersProblemDocument_WhenRouteDoesNotExist()
    {
        using var response = await fixture.Api.GetAsync("/no-such-route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task EchoesCorrelationId_WhenCallerSendsOne()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/categories");
        request.Headers.Add("x-correlation-id", "order-flow-42");

        using var response = await fixture.Api.SendAsync(request);

        Assert.Equal("order-flow-42", response.Headers.GetValues("x-correlation-id").Single());
        Assert.Contains("\"correlationId\":\"order-flow-42\"", fixture.Log());
    }

    [Fact]
    public async Task AnswersPreflightBeforeAuthorizer_WhenBrowserAsksForSignedInRoute()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/me");
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");

        using var response = await fixture.Api.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Fact]
    public async Task AllowsTheCartSecretHeader_WhenBrowserPreflightsAGuestCartChange()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/carts/c-1/items/SKU-1");
        preflight.Headers.Add("Origin", "https://shop.example");
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-cart-secret");

        using var response = await fixture.Api.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var allowed = response.Headers.GetValues("Access-Control-Allow-Headers").Single().Split(',').Select(h => h.Trim().ToLowerInvariant());
        Assert.Contains("x-cart-secret", allowed);
        Assert.Contains("PUT", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    [Fact]
    public async Task StampsCorsHeaders_WhenCrossOriginRequestIsAnswered()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/categories");
        request.Headers.Add("Origin", "https://shop.example");

        using var response = await fixture.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-correlation-id", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }
}
