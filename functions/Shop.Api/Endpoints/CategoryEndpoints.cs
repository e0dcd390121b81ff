using System.Text.Json;
using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Catalog;

namespace Shop.Api.Endpoints;

public sealed record CategoryResponse(string Id, string Name, string Path, IReadOnlyList<CategoryResponse> Children);

public sealed record CategoriesResponse(IReadOnlyList<CategoryResponse> Categories);

public sealed record CreateCategoryRequest(string? Name, string? ParentId, int? Position);

/// <summary>
/// The fields to change; absent ones stay. <see cref="ParentId"/> is kept raw so that an explicit
/// <c>null</c> (move to the root) is told apart from a missing field (stay under the same parent).
/// </summary>
public sealed record UpdateCategoryRequest(string? Name, JsonElement ParentId, int? Position);

public sealed record CategoryDetailResponse(string Id, string Name, string? ParentId, string Path, int Position);

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

        MapAdmin(app.MapGroup("/admin/categories").RequireAccess(Access.Admin).WithTags("Admin"));
    }

    private static void MapAdmin(RouteGroupBuilder admin)
    {
        admin.MapPost("", async Task<IResult> (HttpRequest request, CreateCategory create, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(request, CategoryJsonContext.Default.CreateCategoryRequest);
            if (problem is not null)
            {
                return problem;
            }
            var category = await create.HandleAsync(new NewCategory(body!.Name, body.ParentId, body.Position), cancellationToken);
            return TypedResults.Created($"/admin/categories/{category.Id}", ToDetail(category));
        })
        .WithName("CreateCategory")
        .WithSummary("Adds a category under an existing parent (or as a root), last among its siblings unless a position is given.")
        .Accepts<CreateCategoryRequest>("application/json")
        .Produces<CategoryDetailResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem();

        admin.MapPut("/{id}", async Task<IResult> (string id, HttpRequest request, UpdateCategory update, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(request, CategoryJsonContext.Default.UpdateCategoryRequest);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.ParentId.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.String))
            {
                return Problems.Validation("parentId", "Must be a category id, or null to make the category a root.");
            }
            var moves = body.ParentId.ValueKind != JsonValueKind.Undefined;
            var changes = new CategoryChanges(body.Name, moves, moves ? body.ParentId.GetString() : null, body.Position);
            return TypedResults.Ok(ToDetail(await update.HandleAsync(id, changes, cancellationToken)));
        })
        .WithName("UpdateCategory")
        .WithSummary("Renames, moves (parentId; null for a root) or repositions a category; its subtree moves with it.")
        .Accepts<UpdateCategoryRequest>("application/json")
        .Produces<CategoryDetailResponse>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static CategoryResponse ToResponse(CategoryNode node) =>
        new(node.Id, node.Name, node.Path, node.Children.Select(ToResponse).ToList());

    private static CategoryDetailResponse ToDetail(Category category) =>
        new(category.Id, category.Name, category.ParentId, category.Path, category.Position);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CategoriesResponse))]
[JsonSerializable(typeof(CreateCategoryRequest))]
[JsonSerializable(typeof(UpdateCategoryRequest))]
[JsonSerializable(typeof(CategoryDetailResponse))]
internal sealed partial class CategoryJsonContext : JsonSerializerContext;
