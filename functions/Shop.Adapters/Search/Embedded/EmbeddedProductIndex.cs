using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Shop.Core.Common;
using Shop.Core.Search;

namespace Shop.Adapters.Search.Embedded;

/// <summary>
/// The local environment's embedded engine (Lucene, hosted by the edge), reached over a small
/// JSON protocol that carries <see cref="IProductIndex"/>'s own types. Lucene.NET cannot run
/// under Native AOT and one index cannot take writers from several processes, so the engine
/// lives in one process and every function instance talks to it, as they talk to OpenSearch in
/// AWS. The protocol (paths under the endpoint):
/// <list type="bullet">
/// <item><c>PUT /</c> create · <c>GET /</c> ping · <c>POST /refresh</c> · <c>POST /clear</c></item>
/// <item><c>PUT /documents/{id}</c> a <see cref="ProductDocument"/> → <see cref="EmbeddedWriteResult"/></item>
/// <item><c>DELETE /documents/{id}?version=N</c> → <see cref="EmbeddedWriteResult"/></item>
/// <item><c>POST /search</c> a <see cref="SearchQuery"/> → <see cref="SearchResults"/>; an invalid position → 400 <c>invalid-cursor</c></item>
/// <item><c>POST /suggest</c> an <see cref="EmbeddedSuggestRequest"/> → suggestions</item>
/// </list>
/// </summary>
public sealed class EmbeddedProductIndex(HttpClient http, Uri endpoint) : IProductIndex
{
    public const string InvalidCursorError = "invalid-cursor";

    private static readonly EmbeddedSearchJsonContext Json = EmbeddedSearchJsonContext.Default;
    private readonly Uri _base = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Put, "", null, cancellationToken);

    public async Task<bool> UpsertAsync(ProductDocument document, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, Document(document.Id), JsonContent.Create(document, Json.ProductDocument), cancellationToken);
        return (await ReadAsync(response, Json.EmbeddedWriteResult, cancellationToken)).Applied;
    }

    public async Task<bool> DeleteAsync(string productId, long version, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"{Document(productId)}?version={version}", null, cancellationToken);
        return (await ReadAsync(response, Json.EmbeddedWriteResult, cancellationToken)).Applied;
    }

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "search", JsonContent.Create(query, Json.SearchQuery), cancellationToken);
        return await ReadAsync(response, Json.SearchResults, cancellationToken);
    }

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "suggest", JsonContent.Create(new EmbeddedSuggestRequest(prefix, limit), Json.EmbeddedSuggestRequest), cancellationToken);
        return await ReadAsync(response, Json.IReadOnlyListSuggestion, cancellationToken);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "refresh", null, cancellationToken)).Dispose();

    public async Task ClearAsync(CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "clear", null, cancellationToken)).Dispose();

    public async Task PingAsync(CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, "", null, cancellationToken)).Dispose();

    private static string Document(string id) => "documents/" + Uri.EscapeDataString(id);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var response = await http.SendAsync(new HttpRequestMessage(method, new Uri(_base, path)) { Content = content }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.BadRequest && body.Contains(InvalidCursorError, StringComparison.Ordinal))
            {
                throw new InvalidCursorException("The cursor does not belong to this search.");
            }
            throw new HttpRequestException($"The embedded search engine answered {(int)response.StatusCode} to {method} /{path}: {body}", null, response.StatusCode);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new HttpRequestException("The embedded search engine answered with an empty body.");
}

/// <summary>Whether an upsert stored the document, or a delete removed it (or found it absent).</summary>
public sealed record EmbeddedWriteResult(bool Applied);

public sealed record EmbeddedSuggestRequest(string Prefix, int Limit);

/// <summary>The embedded protocol's JSON, shared by this client and the server in the local environment.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProductDocument))]
[JsonSerializable(typeof(SearchQuery))]
[JsonSerializable(typeof(SearchResults))]
[JsonSerializable(typeof(IReadOnlyList<Suggestion>))]
[JsonSerializable(typeof(EmbeddedWriteResult))]
[JsonSerializable(typeof(EmbeddedSuggestRequest))]
public sealed partial class EmbeddedSearchJsonContext : JsonSerializerContext;
