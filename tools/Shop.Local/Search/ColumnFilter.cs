using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// A search's filters, checked against the segments' columns: a few array reads per candidate
/// and nothing built per search. Lucene's own filters would each build a bitset per segment from
/// postings on every search (in stock alone is most of the catalog), however few products the
/// words match. Run with <see cref="WordsFirst"/> under words, or alone for a search without
/// words, where it walks the one seller's postings when a seller is asked for and otherwise
/// checks every document.
/// </summary>
internal sealed class ColumnFilter : Filter
{
    /// <summary>
    /// The words' query walks its own postings and takes the filter as the documents it may
    /// match, as it takes deletions: filtered products are skipped before they are scored.
    /// </summary>
    public static readonly FilteredQuery.FilterStrategy WordsFirst = new WordsFirstStrategy();

    private readonly BytesRef[]? _categories;
    private readonly long _minPrice;
    private readonly long _maxPrice;
    private readonly double _minRating;
    private readonly bool _inStock;
    private readonly BytesRef? _seller;

    private ColumnFilter(SearchFilters filters)
    {
        _categories = filters.CategoryIds?.Distinct(StringComparer.Ordinal).Select(c => new BytesRef(c)).ToArray();
        _minPrice = filters.MinPrice ?? long.MinValue;
        _maxPrice = filters.MaxPrice ?? long.MaxValue;
        // Unrated products hold negative infinity: no rating filter passes them, even a minimum of 0.
        _minRating = filters.MinRating ?? double.NegativeInfinity;
        _inStock = filters.InStock == true;
        _seller = filters.SellerId is { } seller ? new BytesRef(seller) : null;
    }

    /// <summary>The filters that apply; null when none does.</summary>
    public static ColumnFilter? For(SearchFilters filters) =>
        filters.CategoryIds is null && filters.MinPrice is null && filters.MaxPrice is null && filters.MinRating is null
            && filters.InStock != true && filters.SellerId is null
            ? null
            : new ColumnFilter(filters);

    /// <summary>The segment's matching documents; null when it can hold none (none of the categories, not the seller).</summary>
    public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
    {
        var reader = context.AtomicReader;
        var columns = SegmentColumns.Of(reader);
        bool[]? categories = null;
        if (_categories is not null)
        {
            // Any of none is nothing.
            var values = reader.GetSortedDocValues(ProductFields.CategoryId);
            categories = new bool[columns.CategoryValues.Length];
            var any = false;
            foreach (var category in _categories)
            {
                if (values?.LookupTerm(category) is >= 0 and var ordinal)
                {
                    categories[ordinal] = true;
                    any = true;
                }
            }
            if (!any)
            {
                return null;
            }
        }
        DocsEnum? sellerProducts = null;
        var seller = -1;
        if (_seller is not null)
        {
            seller = reader.GetSortedDocValues(ProductFields.SellerId)?.LookupTerm(_seller) ?? -1;
            var terms = reader.GetTerms(ProductFields.SellerId)?.GetEnumerator();
            if (seller < 0 || terms is null || !terms.SeekExact(_seller))
            {
                return null;
            }
            sellerProducts = terms.Docs(null, null, DocsFlags.NONE);
        }
        return new Matches(this, columns, acceptDocs, categories, seller, sellerProducts);
    }

    /// <summary>The documents of one segment that pass: a random-access check, and an iterator over the same.</summary>
    private sealed class Matches(ColumnFilter filter, SegmentColumns columns, IBits? acceptDocs, bool[]? categories, int seller, DocsEnum? sellerProducts)
        : DocIdSet, IBits
    {
        public override IBits Bits => this;

        public int Length => columns.MaxDoc;

        public bool Get(int index) =>
            (acceptDocs is null || acceptDocs.Get(index))
            && (categories is null || (columns.Category[index] is >= 0 and var category && categories[category]))
            && columns.MinPrice[index] >= filter._minPrice
            && columns.MinPrice[index] <= filter._maxPrice
            && columns.Rating[index] >= filter._minRating
            && (!filter._inStock || columns.InStock[index])
            && (seller < 0 || columns.Seller[index] == seller);

        public override DocIdSetIterator GetIterator() =>
            sellerProducts is null ? new Checked(new Every(columns.MaxDoc), this) : new Checked(sellerProducts, this);
    }

    /// <summary>The candidates that pass the check.</summary>
    private sealed class Checked(DocIdSetIterator candidates, IBits matches) : DocIdSetIterator
    {
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc() => Passing(candidates.NextDoc());

        public override int Advance(int target) => Passing(candidates.Advance(target));

        public override long GetCost() => candidates.GetCost();

        private int Passing(int doc)
        {
            while (doc != NO_MORE_DOCS && !matches.Get(doc))
            {
                doc = candidates.NextDoc();
            }
            return _doc = doc;
        }
    }

    /// <summary>Every document of a segment, deleted or not (the check sees to that).</summary>
    private sealed class Every(int maxDoc) : DocIdSetIterator
    {
        private int _doc = -1;

        public override int DocID => _doc;

        public override int NextDoc() => _doc == NO_MORE_DOCS ? NO_MORE_DOCS : Advance(_doc + 1);

        public override int Advance(int target) => _doc = target < maxDoc ? target : NO_MORE_DOCS;

        public override long GetCost() => maxDoc;
    }

    private sealed class WordsFirstStrategy : FilteredQuery.FilterStrategy
    {
        public override Scorer? FilteredScorer(AtomicReaderContext context, Weight weight, DocIdSet docIdSet) =>
            weight.GetScorer(context, Checks(docIdSet));

        public override BulkScorer? FilteredBulkScorer(AtomicReaderContext context, Weight weight, bool scoreDocsInOrder, DocIdSet docIdSet) =>
            weight.GetBulkScorer(context, scoreDocsInOrder, Checks(docIdSet));

        private static IBits Checks(DocIdSet docIdSet) =>
            docIdSet.Bits ?? throw new InvalidOperationException($"{nameof(WordsFirst)} runs only a {nameof(ColumnFilter)}, whose matches always have random access.");
    }
}
