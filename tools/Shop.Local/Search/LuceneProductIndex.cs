using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// The products index on disk, in this process: the local environment's stand-in for the
/// OpenSearch domain, held to the same conformance suite. One writer, and searchers shared
/// through a <see cref="SearcherManager"/>; safe for concurrent searches and writes.
/// </summary>
/// <remarks>
/// Writes become searchable on <see cref="RefreshAsync"/>, or on the first search or write once
/// <see cref="RefreshInterval"/> has passed since the last refresh, as OpenSearch refreshes on
/// its own each second. The version check before a write reads what the writer holds, not what
/// searches see: the versions written since the current searcher opened are kept aside until a
/// refresh makes them searchable.
/// </remarks>
public sealed class LuceneProductIndex : IProductIndex, IDisposable
{
    /// <summary>The longest a write stays invisible to searches without <see cref="RefreshAsync"/>.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Segments of a size the merge policy lets pile up before merging them (Lucene's default: 10).
    /// A search pays per segment for every term it looks up and every posting list it opens, which
    /// for a typo-tolerant word is dozens; fewer segments cost more merging, on writes only.
    /// </summary>
    private const int SegmentsPerTier = 5;

    private readonly FSDirectory _directory;
    private readonly ProductTextAnalyzer _analyzer = new();
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly IndexedVersions _indexed;
    private readonly TimeProvider _time;

    // Lock order: _refreshLock, then _writeLock.
    private readonly System.Threading.Lock _writeLock = new();
    private readonly System.Threading.Lock _refreshLock = new();

    // Versions written since the current refresh began (null: deleted), and those the refresh in
    // progress is making searchable; both guarded by _writeLock.
    private Dictionary<string, long?> _pending = new(StringComparer.Ordinal);
    private Dictionary<string, long?> _refreshing = new(StringComparer.Ordinal);

    // Read without a lock by every search, to decide whether a refresh is due.
    private volatile bool _written;
    private long _refreshedAt;
    private volatile bool _disposed;

    public LuceneProductIndex(string directory, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _directory = FSDirectory.Open(directory);
        _writer = new IndexWriter(_directory, new IndexWriterConfig(ProductTextAnalyzer.Version, _analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            MergedSegmentWarmer = new WarmingMergedSegments(),
            MergePolicy = new TieredMergePolicy { SegmentsPerTier = SegmentsPerTier, MaxMergeAtOnce = SegmentsPerTier },
        });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new WarmingSearcherFactory());
        _indexed = new IndexedVersions(_searchers);
        _refreshedAt = _time.GetTimestamp();
    }

    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!DirectoryReader.IndexExists(_directory))
            {
                _writer.Commit();
            }
        }
        return Task.CompletedTask;
    }

    public Task<bool> UpsertAsync(ProductDocument document, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fields = ProductFields.ToLucene(document);
        bool stored;
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var indexed = IndexedVersion(document.Id);
            stored = !(indexed > document.Version);
            if (stored)
            {
                if (indexed is null)
                {
                    // Nothing to replace: adding spares the writer a delete to resolve at the next refresh.
                    _writer.AddDocument(fields);
                }
                else
                {
                    _writer.UpdateDocument(new Term(ProductFields.Id, document.Id), fields);
                }
                _pending[document.Id] = document.Version;
                _written = true;
            }
        }
        RefreshIfStale();
        return Task.FromResult(stored);
    }

    public Task<bool> DeleteAsync(string productId, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool removed;
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var indexed = IndexedVersion(productId);
            removed = !(indexed > version);
            if (indexed is not null && removed)
            {
                _writer.DeleteDocuments(new Term(ProductFields.Id, productId));
                _pending[productId] = null;
                _written = true;
            }
        }
        RefreshIfStale();
        return Task.FromResult(removed);
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        cancellationToken.ThrowIfCancellationRequested();
        var scored = !string.IsNullOrWhiteSpace(query.Text);
        var order = SearchOrder.For(query.Sort, scored);
        var after = query.After is null ? null : order.After(query.After);
        // The embedded protocol hands queries over as JSON, where filters may be left out.
        var filter = ColumnFilter.For(query.Filters ?? SearchFilters.None);
        Query matching = (scored, filter) switch
        {
            (true, null) => ProductQueries.Text(_analyzer.Words(query.Text)),
            (true, _) => new FilteredQuery(ProductQueries.Text(_analyzer.Words(query.Text)), filter, ColumnFilter.WordsFirst),
            (false, null) => new MatchAllDocsQuery(),
            (false, _) => new ConstantScoreQuery(filter),
        };

        return Task.FromResult(WithSearcher(searcher =>
        {
            var page = TopFieldCollector.Create(order.Sort, Math.Clamp(query.Limit, 1, Math.Max(1, searcher.IndexReader.MaxDoc)), after,
                fillFields: true, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: true);
            long total;
            SearchFacets facets;
            if (matching is MatchAllDocsQuery)
            {
                // Everything's facets change only with the reader; the page is all that is left to find.
                searcher.Search(matching, page);
                (total, facets) = FacetCounter.Everything(searcher.IndexReader);
            }
            else
            {
                var counter = new FacetCounter();
                searcher.Search(matching, MultiCollector.Wrap(page, counter));
                (total, facets) = (counter.Total, counter.Facets());
            }
            var hits = page.GetTopDocs().ScoreDocs
                .Take(query.Limit)
                .Select(hit => new SearchHit(ProductFields.FromLucene(searcher.Doc(hit.Doc, ProductFields.StoredFields)), order.PositionOf((FieldDoc)hit)))
                .ToList();
            return new SearchResults(hits, total, facets);
        }));
    }

    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        limit = Math.Min(limit, ProductIndexDefinition.MaxSuggestions);
        var words = _analyzer.Words(prefix);
        if (words.Count == 0 || limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<Suggestion>>([]);
        }
        return Task.FromResult(WithSearcher(searcher => ProductSuggestions.Find(searcher.IndexReader, words, limit)));
    }

    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_refreshLock)
        {
            Refresh();
        }
        return Task.CompletedTask;
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Searchable at once: the version checks read the searcher, which must not see the old documents.
        lock (_refreshLock)
        {
            lock (_writeLock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _writer.DeleteAll();
                _pending.Clear();
                _written = false;
                _searchers.MaybeRefreshBlocking();
                Interlocked.Exchange(ref _refreshedAt, _time.GetTimestamp());
            }
        }
        return Task.CompletedTask;
    }

    public Task PingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        WithSearcher(searcher => searcher.IndexReader.NumDocs);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_refreshLock)
        {
            lock (_writeLock)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
                _indexed.Dispose();
            }
        }
        _searchers.Dispose();
        _writer.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    private T WithSearcher<T>(Func<IndexSearcher, T> use)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RefreshIfStale();
        var searcher = _searchers.Acquire();
        try
        {
            return use(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>The version the writer holds for the product (searchable or not yet); null when it holds none. Under <see cref="_writeLock"/>.</summary>
    private long? IndexedVersion(string productId) =>
        _pending.TryGetValue(productId, out var written) || _refreshing.TryGetValue(productId, out written)
            ? written
            : _indexed.Find(productId);

    /// <summary>Refreshes unless one ran within <see cref="RefreshInterval"/>, nothing was written since, or another caller is refreshing now.</summary>
    private void RefreshIfStale()
    {
        if (!IsStale() || !_refreshLock.TryEnter())
        {
            return;
        }
        try
        {
            if (IsStale())
            {
                Refresh();
            }
        }
        finally
        {
            _refreshLock.Exit();
        }
    }

    private bool IsStale() =>
        _written && !_disposed && _time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) >= RefreshInterval;

    /// <summary>Makes every write so far searchable. Under <see cref="_refreshLock"/>.</summary>
    private void Refresh()
    {
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            (_refreshing, _pending) = (_pending, _refreshing);
            _written = false;
            Interlocked.Exchange(ref _refreshedAt, _time.GetTimestamp());
        }
        var searchable = false;
        try
        {
            _searchers.MaybeRefreshBlocking();
            searchable = true;
        }
        finally
        {
            lock (_writeLock)
            {
                if (!searchable)
                {
                    // Still unsearchable: they stay aside, under any version written since.
                    foreach (var (id, version) in _refreshing)
                    {
                        _pending.TryAdd(id, version);
                    }
                    _written = _pending.Count > 0;
                }
                _refreshing.Clear();
            }
        }
    }
}
