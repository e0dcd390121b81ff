using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// Completions of a typed prefix: products whose completed fields (name, brand) hold every word
/// but the last exactly and a word starting with the last one; for each distinct name its most
/// reviewed product, most reviewed first, then by name and id. Read straight from the postings of
/// the words and of every word the last one begins: a two-letter prefix begins words of a sixth
/// of the catalog, and sorting all of those to find ten names is what a search would do. Here a
/// match costs one array read unless it is reviewed at least as often as the tenth name so far.
/// </summary>
internal static class ProductSuggestions
{
    private static readonly string[] Completed = [.. ProductIndexDefinition.Fields.Where(f => f.Suggest).Select(f => f.Name)];

    public static IReadOnlyList<Suggestion> Find(IndexReader reader, IReadOnlyList<string> words, int limit)
    {
        var candidates = new List<Candidate>();
        foreach (var leaf in reader.Leaves)
        {
            candidates.AddRange(new SegmentBest(leaf.AtomicReader, limit).Find(words));
        }
        candidates.Sort();
        var names = new HashSet<string>(StringComparer.Ordinal);
        return candidates
            .Select(c => new Suggestion(c.Name.Utf8ToString(), c.Id.Utf8ToString()))
            .Where(s => names.Add(s.Text))
            .Take(limit)
            .ToList();
    }

    /// <summary>A segment's best product for a name, with the name and id as bytes: ordered as Lucene orders strings (UTF-8).</summary>
    private sealed record Candidate(long RatingCount, BytesRef Name, BytesRef Id) : IComparable<Candidate>
    {
        public int CompareTo(Candidate? other)
        {
            if (other is null)
            {
                return -1;
            }
            var byCount = other.RatingCount.CompareTo(RatingCount);
            if (byCount != 0)
            {
                return byCount;
            }
            var byName = Name.CompareTo(other.Name);
            return byName != 0 ? byName : Id.CompareTo(other.Id);
        }
    }

    /// <summary>
    /// The best <c>limit</c> distinct names of one segment, names and ids as the segment's ordinals
    /// (which sort as their values do). The best names of the whole index are among the best of
    /// the segments their best products are in, so the segments' lists are enough to merge.
    /// </summary>
    private sealed class SegmentBest(AtomicReader reader, int limit)
    {
        private readonly SegmentColumns _columns = SegmentColumns.Of(reader);
        private readonly Entry[] _best = new Entry[limit];
        private SortedDocValues? _names;
        private SortedDocValues? _ids;
        private int _count;

        public IEnumerable<Candidate> Find(IReadOnlyList<string> words)
        {
            _names = reader.GetSortedDocValues(ProductFields.Name);
            _ids = reader.GetSortedDocValues(ProductFields.Id);
            if (_names is null || _ids is null)
            {
                return [];
            }
            FixedBitSet? required = null;
            foreach (var word in words.Take(words.Count - 1))
            {
                var holding = Holding(new BytesRef(word));
                required?.And(holding);
                required ??= holding;
                if (required.NextSetBit(0) < 0)
                {
                    return [];
                }
            }
            OfferCompletions(new BytesRef(words[^1]), required);
            return _best.Take(_count).Select(entry => new Candidate(entry.RatingCount, Lookup(_names, entry.Name), Lookup(_ids, entry.Id))).ToList();
        }

        /// <summary>The live documents holding the word in a completed field.</summary>
        private FixedBitSet Holding(BytesRef word)
        {
            var holding = new FixedBitSet(reader.MaxDoc);
            foreach (var field in Completed)
            {
                if (reader.GetTerms(field)?.GetEnumerator() is { } terms && terms.SeekExact(word))
                {
                    holding.Or(terms.Docs(reader.LiveDocs, null, DocsFlags.NONE));
                }
            }
            return holding;
        }

        private void OfferCompletions(BytesRef prefix, FixedBitSet? required)
        {
            DocsEnum? docs = null;
            foreach (var field in Completed)
            {
                if (reader.GetTerms(field)?.GetEnumerator() is not { } terms || terms.SeekCeil(prefix) == TermsEnum.SeekStatus.END)
                {
                    continue;
                }
                do
                {
                    if (!StringHelper.StartsWith(terms.Term, prefix))
                    {
                        break;
                    }
                    docs = terms.Docs(reader.LiveDocs, docs, DocsFlags.NONE);
                    for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
                    {
                        if (required is null || required.Get(doc))
                        {
                            Offer(doc);
                        }
                    }
                }
                while (terms.MoveNext());
            }
        }

        /// <summary>Keeps the product if it beats what its name or the last of the list holds; a product offered twice changes nothing.</summary>
        private void Offer(int doc)
        {
            var ratingCount = _columns.RatingCount[doc];
            if (_count == _best.Length && ratingCount < _best[_count - 1].RatingCount)
            {
                return;
            }
            var entry = new Entry(ratingCount, _names!.GetOrd(doc), _ids!.GetOrd(doc));
            var at = 0;
            while (at < _count && _best[at].Name != entry.Name)
            {
                at++;
            }
            if (at == _count && _count < _best.Length)
            {
                _count++;
            }
            else if (at == _count)
            {
                // A new name and the list is full: it can only take the last place.
                at = _count - 1;
                if (!entry.IsBefore(_best[at]))
                {
                    return;
                }
            }
            else if (!entry.IsBefore(_best[at]))
            {
                return;
            }
            _best[at] = entry;
            for (; at > 0 && _best[at].IsBefore(_best[at - 1]); at--)
            {
                (_best[at], _best[at - 1]) = (_best[at - 1], _best[at]);
            }
        }

        private static BytesRef Lookup(SortedDocValues values, int ordinal)
        {
            var value = new BytesRef();
            values.LookupOrd(ordinal, value);
            return BytesRef.DeepCopyOf(value);
        }
    }

    private readonly record struct Entry(long RatingCount, int Name, int Id)
    {
        public bool IsBefore(Entry other) =>
            RatingCount != other.RatingCount ? RatingCount > other.RatingCount
            : Name != other.Name ? Name < other.Name
            : Id < other.Id;
    }
}
