using Shop.Adapters.Search.Embedded;
using Shop.Core.Common;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// The edge's side of the embedded search protocol (see <see cref="EmbeddedProductIndex"/>): the
/// functions' search calls land here, on the one Lucene index this process keeps.
/// </summary>
public static class EmbeddedSearchEndpoints
{
    public const string BasePath = "/_shop/search";

    public static void MapEmbeddedSearch(this IEndpointRouteBuilder app, IProductIndex index)
    {
        var json = EmbeddedSearchJsonContext.Default;
        var search = app.MapGroup(BasePath);

        search.MapGet("/", async (CancellationToken cancellationToken) =>
        {
            await index.PingAsync(cancellationToken);
            return Results.Ok();
        });
        search.MapPut("/", async (CancellationToken cancellationToken) =>
        {
            await index.EnsureCreatedAsync(cancellationToken);
            return Results.Ok();
        });
        search.MapPost("/refresh", async (CancellationToken cancellationToken) =>
        {
            await index.RefreshAsync(cancellationToken);
            return Results.Ok();
        });
        search.MapPost("/clear", async (CancellationToken cancellationToken) =>
        {
            await index.ClearAsync(cancellationToken);
            return Results.Ok();
        });
        search.MapPut("/documents/{id}", async (string id, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var document = await request.ReadFromJsonAsync(json.ProductDocument, cancellationToken);
            if (document is null || document.Id != id)
            {
                return Results.BadRequest("The document's id must be the one in the path.");
            }
            return Results.Json(new EmbeddedWriteResult(await index.UpsertAsync(document, cancellationToken)), json.EmbeddedWriteResult);
        });
        search.MapDelete("/documents/{id}", async (string id, long version, CancellationToken cancellationToken) =>
            Results.Json(new EmbeddedWriteResult(await index.DeleteAsync(id, version, cancellationToken)), json.EmbeddedWriteResult));
        search.MapPost("/search", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var query = await request.ReadFromJsonAsync(json.SearchQuery, cancellationToken);
            if (query is null)
            {
                return Results.BadRequest("A search query is required.");
            }
            try
            {
                return Results.Json(await index.SearchAsync(query, cancellationToken), json.SearchResults);
            }
            catch (InvalidCursorException)
            {
                return Results.BadRequest(EmbeddedProductIndex.InvalidCursorError);
            }
        });
        search.MapPost("/suggest", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var asked = await request.ReadFromJsonAsync(json.EmbeddedSuggestRequest, cancellationToken);
            return asked is null
                ? Results.BadRequest("A prefix is required.")
                : Results.Json(await index.SuggestAsync(asked.Prefix, asked.Limit, cancellationToken), json.IReadOnlyListSuggestion);
        });
    }
}
