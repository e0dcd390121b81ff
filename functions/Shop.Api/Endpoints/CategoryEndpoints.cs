using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Catalog;

namespace Shop.Api.Endpoints;

public sealed record CategoryResponse(string Id, string Name, string Path, IReadOnlyList<CategoryResponse> Children);

public sealed record CategoriesResponse(IReadOnlyList<CategoryResponse> Categories);

public static class CategoryEndpoints
{
    public static void MapCategoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/categories", async (ListCategories listCategories, CancellationToken cancellationToken) =>
        {
            var tree = await listCategories.HandleAsync(cancellationToken);
            return TypedResults.Ok(new CategoriesResponse(tree.Select(ToResponse).ToList()));
        })
        .RequireAccess(Access.Public)
        .WithName("ListCategories")
        .WithTags("Catalog")
        .WithSummary("The category tree, roots first, children nested.");
    }

    private static CategoryResponse ToResponse(CategoryNode node) =>
        new(node.Id, node.Name, node.Path, node.Children.Select(ToResponse).ToList());
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CategoriesResponse))]
internal sealed partial class CategoryJsonContext : JsonSerializerContext;
