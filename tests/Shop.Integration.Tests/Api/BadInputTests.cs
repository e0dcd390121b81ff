using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Api;

/// <summary>
/// Every operation that takes a body, generated from the OpenAPI document and called by a role
/// allowed to: malformed JSON, the wrong JSON shape, an unknown field, a non-JSON content type and
/// an oversized body all get a 4xx problem document, never a 2xx or a 5xx.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class BadInputTests(LocalEnvironmentFixture fixture)
{
    private static readonly (string Name, Func<HttpContent> Body, int[] Statuses)[] Inputs =
    [
        ("malformed JSON", () => Json("{\"name\": "), [400]),
        ("a JSON array", () => Json("[1, 2]"), [400]),
        ("an unknown field", () => Json("{\"injectedField\": true}"), [400]),
        ("a non-JSON content type", () => new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"), [415]),
        ("a body over 1 MB", () => Json("{\"name\": \"" + new string('x', 1_100_000) + "\"}"), [413]),
    ];

    [Fact]
    public async Task AnswersProblemAndNoSuccess_WhenBodyIsBad()
    {
        var operations = (await ApiSurface.ReadAsync(fixture.Api)).Where(o => o.HasBody).ToList();
        var clients = new Dictionary<string, HttpClient>
        {
            ["public"] = fixture.Api,
            ["member"] = (await fixture.SignInAsync()).Client,
            ["seller"] = (await fixture.SignInAsync("seller")).Client,
            ["fulfillment"] = (await fixture.SignInAsync("fulfillment")).Client,
            ["admin"] = (await fixture.SignInAsync("admin")).Client,
        };
        var failures = new List<string>();

        foreach (var operation in operations)
        {
            foreach (var (name, body, statuses) in Inputs)
            {
                var path = operation.Path(operation.PathParameters.ToDictionary(p => p, p => "bad-input-" + p));
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path) { Content = body() };
                using var response = await clients[operation.Access].SendAsync(request);
                var status = (int)response.StatusCode;
                // A route whose ids do not exist may say so before it reads the body.
                if (!statuses.Contains(status) && status != 404)
                {
                    failures.Add($"{operation} with {name}: {status}");
                }
                else if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
                {
                    failures.Add($"{operation} with {name}: {status} without a problem document");
                }
            }
        }

        Assert.NotEmpty(operations);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task NamesTheUnknownField_WhenBodyCarriesOne()
    {
        var seller = await fixture.SignInAsync("seller");

        using var response = await seller.Client.PostAsync("/seller/products", Json("{\"sellerId\": \"someone-else\"}"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sellerId", out _), problem.ToString());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
