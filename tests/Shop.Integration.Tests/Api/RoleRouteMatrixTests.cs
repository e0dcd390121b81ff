using System.Net;
using System.Text;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Api;

/// <summary>
/// Every route × every kind of caller, generated from the OpenAPI document's access table: no
/// caller outside a route's access level may get a 2xx (or anything but 401/403), and every caller
/// inside it must get past authorization.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class RoleRouteMatrixTests(LocalEnvironmentFixture fixture)
{
    private static readonly Dictionary<string, string[]> AllowedRoles = new()
    {
        ["public"] = ["guest", "member", "seller", "fulfillment", "admin"],
        ["member"] = ["member", "seller", "fulfillment", "admin"],
        ["seller"] = ["seller"],
        ["fulfillment"] = ["fulfillment", "admin"],
        ["admin"] = ["admin"],
    };

    [Fact]
    public async Task RefusesEveryCallerOutsideAccessLevel_WhenEachRouteIsCalledByEachRole()
    {
        var operations = await ApiSurface.ReadAsync(fixture.Api);
        var callers = await CallersAsync();
        var failures = new List<string>();

        foreach (var operation in operations)
        {
            foreach (var (role, client) in callers)
            {
                using var response = await SendAsync(client, operation);
                var status = (int)response.StatusCode;
                var allowed = role != "blocked" && AllowedRoles[operation.Access].Contains(role);
                if (!allowed && status is not (401 or 403))
                {
                    failures.Add($"{operation} as {role}: {status}, expected 401 or 403");
                }
                if (allowed && status is 401 or 403)
                {
                    failures.Add($"{operation} as {role}: {status}, expected to get past authorization");
                }
            }
        }

        Assert.True(operations.Count >= 20, $"Only {operations.Count} operations in the OpenAPI document.");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task DeclaresAnAccessLevelOnEveryOperation_WhenDocumentIsRead()
    {
        var operations = await ApiSurface.ReadAsync(fixture.Api);

        Assert.All(operations, operation => Assert.Contains(operation.Access, AllowedRoles.Keys));
    }

    private async Task<List<(string Role, HttpClient Client)>> CallersAsync()
    {
        var blocked = await fixture.SignInAsync();
        var admin = await fixture.SignInAsync("admin");
        using (var block = await admin.Client.PostAsync($"/admin/users/{blocked.Id}/block", null))
        {
            block.EnsureSuccessStatusCode();
        }
        return
        [
            ("guest", fixture.Api),
            ("member", (await fixture.SignInAsync()).Client),
            ("seller", (await fixture.SignInAsync("seller")).Client),
            ("fulfillment", (await fixture.SignInAsync("fulfillment")).Client),
            ("admin", admin.Client),
            ("blocked", blocked.Client),
        ];
    }

    /// <summary>The route with made-up ids and an empty object body: enough to reach authorization, nothing to change.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, ApiOperation operation)
    {
        var values = operation.PathParameters.ToDictionary(p => p, p => $"matrix-{p}-{Guid.NewGuid():N}"[..24]);
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), operation.Path(values));
        if (operation.HasBody)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        return client.SendAsync(request);
    }
}
