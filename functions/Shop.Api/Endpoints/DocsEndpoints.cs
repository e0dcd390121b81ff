namespace Shop.Api.Endpoints;

public static class DocsEndpoints
{
    /// <summary>The OpenAPI document at /openapi/v1.json and a readable page of it at /docs.</summary>
    public static void MapApiDocs(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapGet("/docs", () => TypedResults.Content(DocsPage.Html, "text/html; charset=utf-8")).ExcludeFromDescription();
    }
}
