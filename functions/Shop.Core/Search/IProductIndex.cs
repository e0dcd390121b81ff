namespace Shop.Core.Search;

/// <summary>
/// The products search index. Lucene (<c>LuceneProductIndex</c>, local) and OpenSearch
/// (<c>OpenSearchProductIndex</c>, AWS) implement it and pass the same conformance suite.
/// </summary>
public interface IProductIndex
{
    /// <summary>Creates the index with its mapping if it does not exist; harmless when it does.</summary>
    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the document unless a newer version of it is already indexed; true when stored.
    /// Searches see it after <see cref="RefreshAsync"/> or the engine's own refresh (≤ 1 s).
    /// </summary>
    Task<bool> UpsertAsync(ProductDocument document, CancellationToken cancellationToken);

    /// <summary>Removes the product unless a version newer than <paramref name="version"/> is indexed; true when removed or absent.</summary>
    Task<bool> DeleteAsync(string productId, long version, CancellationToken cancellationToken);

    Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> completions of the words in <paramref name="prefix"/>, best first, distinct by text.</summary>
    Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken);

    /// <summary>Makes every write so far visible to searches.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>Drops every document (a rebuild starts here).</summary>
    Task ClearAsync(CancellationToken cancellationToken);

    /// <summary>A cheap call that fails when the engine cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
