using Shop.Local.Deploy;
using Shop.Local.Edge;

namespace Shop.Integration.Tests.LocalTool;

public sealed class HttpApiRouterTests
{
    private static readonly List<HttpApiRoute> Routes =
    [
        new("$default", "fallback", null),
        new("GET /products/{id}", "product", null),
        new("GET /products/featured", "featured", null),
        new("ANY /products/{id}", "any-product", null),
        new("GET /files/{path+}", "files", null),
    ];

    [Theory]
    [InlineData("GET", "/products/featured", "featured")]
    [InlineData("GET", "/products/p-1", "product")]
    [InlineData("DELETE", "/products/p-1", "any-product")]
    [InlineData("GET", "/files/a/b/c.txt", "files")]
    [InlineData("GET", "/elsewhere", "fallback")]
    [InlineData("GET", "/products", "fallback")]
    public void PicksMostSpecificRoute_WhenSeveralMatch(string method, string path, string expected)
    {
        Assert.Equal(expected, HttpApiRouter.Match(Routes, method, path)!.Route.FunctionName);
    }

    [Fact]
    public void DecodesPathParameters_WhenRouteHasVariables()
    {
        var match = HttpApiRouter.Match(Routes, "GET", "/files/docs/read%20me.txt")!;

        Assert.Equal("docs/read me.txt", match.PathParameters["path"]);
    }

    [Fact]
    public void MatchesNothing_WhenNoRouteFitsAndNoDefault()
    {
        Assert.Null(HttpApiRouter.Match(Routes.Where(r => r.RouteKey != "$default"), "POST", "/orders"));
    }
}
