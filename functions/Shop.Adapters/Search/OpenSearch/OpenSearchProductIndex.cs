using System.Globalization;
using System.Net;
using Shop.Core.Search;
using Shop.Lambda.Aws;

namespace Shop.Adapters.Search.OpenSearch;

/// <summary>
/// The products index on an Amazon OpenSearch Service domain, over its REST API (no client
/// library: the feed has none). Documents carry the product's version as an external version
/// (<c>version_type=external_gte</c>), so OpenSearch itself refuses an older write after a newer
/// one; an error answer surfaces as <see cref="AwsServiceException"/> whose code is the OpenSearch
/// error type.
/// </summary>
public sealed class OpenSearchProductIndex : IProductIndex
{
    private const string VersionConflict = "version_conflict_engine_exception";
    private const string IndexNotFound = "index_not_found_exception";

    private readonly OpenSearchClient _client;
    private readonly string _index;
    private readonly string _template;

    /// <param name="endpoint">The domain endpoint, e.g. <c>https://search-shop-....eu-west-1.es.amazonaws.com</c>.</param>
    /// <param name="indexName">The index; another name lets tests keep to their own.</param>
    public OpenSearchProductIndex(
        HttpClient http,
        Uri endpoint,
        string region,
        IAwsCredentialsProvider credentials,
        string indexName = ProductIndexDefinition.IndexName,
        AwsRetryOptions? retry = null,
        TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(indexName);
        _client = new OpenSearchClient(http, endpoint, region, credentials, retry, time);
        IndexName = indexName;
        _index = Segment(indexName);
        _template = Segment("shop-" + indexName);
    }

    public string IndexName { get; }

    /// <summary>Puts the index template (an update when it exists), then creates the index unless it exists.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var template = await _client.SendAsync(HttpMethod.Put, $"_index_template/{_template}", OpenSearchMapping.TemplateBody(IndexName), cancellationToken);
        template.EnsureSuccess();
        var answer = await _client.SendAsync(HttpMethod.Put, _index, OpenSearchMapping.CreateIndexBody(), cancellationToken);
        if (!answer.IsSuccess && answer.ErrorType != "resource_already_exists_exception")
        {
            throw answer.Failure();
        }
    }

    public async Task<bool> UpsertAsync(ProductDocument document, CancellationToken cancellationToken)
    {
        var answer = await _client.SendAsync(HttpMethod.Put, Document(document.Id, document.Version), OpenSearchDocuments.Write(document), cancellationToken);
        if (answer.IsSuccess)
        {
            return true;
        }
        return IsVersionConflict(answer) ? false : throw answer.Failure();
    }

    public async Task<bool> DeleteAsync(string productId, long version, CancellationToken cancellationToken)
    {
        var answer = await _client.SendAsync(HttpMethod.Delete, Document(productId, version), null, cancellationToken);
        if (answer.IsSuccess)
        {
            return true;
        }
        // 404 with {"result":"not_found"} is an absent document; 404 with an error (index_not_found_exception) is not.
        if (answer.Status == HttpStatusCode.NotFound && answer.ErrorType is null)
        {
            return true;
        }
        return IsVersionConflict(answer) ? false : throw answer.Failure();
    }

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        var sort = OpenSearchSorts.For(query.Sort, scored: !OpenSearchQuery.IsBlank(query.Text));
        var answer = await _client.SendAsync(HttpMethod.Post, $"{_index}/_search", OpenSearchQuery.Search(query, sort), cancellationToken);
        return OpenSearchResponses.Search(answer.EnsureSuccess().Body, sort);
    }

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Min(limit, ProductIndexDefinition.MaxSuggestions);
        var words = SearchText.Words(prefix);
        if (words.Count == 0 || limit <= 0)
        {
            return [];
        }
        var answer = await _client.SendAsync(HttpMethod.Post, $"{_index}/_search", OpenSearchQuery.Suggest(words, limit), cancellationToken);
        return OpenSearchResponses.Suggestions(answer.EnsureSuccess().Body, limit);
    }

    public async Task RefreshAsync(CancellationToken cancellationToken) =>
        (await _client.SendAsync(HttpMethod.Post, $"{_index}/_refresh", null, cancellationToken)).EnsureSuccess();

    /// <summary>
    /// Deletes the index and creates it again. Deleting documents (even by query) would leave
    /// their versions behind for <c>index.gc_deletes</c> (60 s) and refuse the rebuild's writes of
    /// the same or older versions; a new index remembers none. A write landing between the delete
    /// and the create makes the index itself, with the template's mappings.
    /// </summary>
    public async Task ClearAsync(CancellationToken cancellationToken)
    {
        var deleted = await _client.SendAsync(HttpMethod.Delete, _index, null, cancellationToken);
        if (!deleted.IsSuccess && deleted.ErrorType != IndexNotFound)
        {
            throw deleted.Failure();
        }
        await EnsureCreatedAsync(cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken) =>
        (await _client.SendAsync(HttpMethod.Get, "", null, cancellationToken)).EnsureSuccess();

    private string Document(string id, long version) =>
        string.Create(CultureInfo.InvariantCulture, $"{_index}/_doc/{Segment(id)}?version={version}&version_type=external_gte");

    private static bool IsVersionConflict(OpenSearchAnswer answer) =>
        answer.Status == HttpStatusCode.Conflict && answer.ErrorType == VersionConflict;

    /// <summary>One percent-encoded path segment. "." and ".." cannot be one: URIs drop them as dot segments.</summary>
    private static string Segment(string value) =>
        value is "" or "." or ".."
            ? throw new ArgumentException($"'{value}' cannot name an OpenSearch index or document in a URL.", nameof(value))
            : Uri.EscapeDataString(value);
}
