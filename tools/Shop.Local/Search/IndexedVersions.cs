using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Shop.Local.Search;

/// <summary>
/// Looks up the version a searcher's segments hold for a product. Each segment's terms enumerator
/// is kept across lookups while the searcher stays current (opening one costs more than the seek),
/// which a bulk build, checking every document it writes, feels. Not thread-safe: the index uses
/// it under its write lock.
/// </summary>
internal sealed class IndexedVersions(SearcherManager searchers) : IDisposable
{
    private IndexSearcher? _searcher;
    private Segment[] _segments = [];

    /// <summary>The product's version in the current searcher; null when no live document has its id.</summary>
    public long? Find(string productId)
    {
        var current = searchers.Acquire();
        if (ReferenceEquals(current, _searcher))
        {
            searchers.Release(current);
        }
        else
        {
            Release();
            _searcher = current;
            _segments = [.. current.IndexReader.Leaves.Select(leaf => new Segment(leaf.AtomicReader))];
        }
        var id = new BytesRef(productId);
        foreach (var segment in _segments)
        {
            if (segment.Find(id) is { } version)
            {
                return version;
            }
        }
        return null;
    }

    public void Dispose() => Release();

    private void Release()
    {
        if (_searcher is not null)
        {
            searchers.Release(_searcher);
            _searcher = null;
            _segments = [];
        }
    }

    private sealed class Segment(AtomicReader reader)
    {
        private readonly TermsEnum? _ids = reader.GetTerms(ProductFields.Id)?.GetEnumerator();
        private readonly NumericDocValues? _versions = reader.GetNumericDocValues(ProductFields.Version);
        private readonly IBits? _live = reader.LiveDocs;
        private DocsEnum? _docs;

        public long? Find(BytesRef id)
        {
            if (_ids is null || _versions is null || !_ids.SeekExact(id))
            {
                return null;
            }
            _docs = _ids.Docs(_live, _docs, DocsFlags.NONE);
            var doc = _docs.NextDoc();
            return doc == DocIdSetIterator.NO_MORE_DOCS ? null : _versions.Get(doc);
        }
    }
}
