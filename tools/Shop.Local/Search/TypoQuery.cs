using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Lucene.Net.Util.Automaton;

namespace Shop.Local.Search;

/// <summary>
/// A <see cref="FuzzyQuery"/> (no fixed prefix, a transposition is one typo) whose Levenshtein
/// automata are built once per word and shared: by every field a word is searched in, every
/// segment, and later searches for the same word. Lucene builds them anew for each field of each
/// search, which costs more than the rest of a typical search.
/// </summary>
internal sealed class TypoQuery(Term term, int typos, int maxExpansions) : FuzzyQuery(term, typos, 0, maxExpansions, transpositions: true)
{
    /// <summary>
    /// Words whose automata the recent generation keeps; when it is full it becomes the older
    /// generation and the one before is dropped. A word used in either stays, so the words
    /// searched again and again are not rebuilt because a run of new ones (typos, mostly) filled
    /// the cache. A long word's three automata take about 300 KB, so the two generations stay
    /// near 80 MB at most.
    /// </summary>
    private const int CachedWords = 128;

    private static readonly System.Threading.Lock Turning = new();
    private static ConcurrentDictionary<(string Word, int Typos), CompiledAutomaton[]> _recent = new();
    private static ConcurrentDictionary<(string Word, int Typos), CompiledAutomaton[]> _older = new();

    protected override TermsEnum GetTermsEnum(Terms terms, AttributeSource atts)
    {
        // Lucene's fuzzy enumerator takes automata already in this attribute (one per distance, from 0) rather than building them.
        var shared = atts.AddAttribute<FuzzyTermsEnum.ILevenshteinAutomataAttribute>();
        if (shared.Automata.Count == 0)
        {
            foreach (var automaton in For(Term.Text, MaxEdits))
            {
                shared.Automata.Add(automaton);
            }
        }
        return base.GetTermsEnum(terms, atts);
    }

    private static CompiledAutomaton[] For(string word, int typos)
    {
        var key = (word, typos);
        if (_recent.TryGetValue(key, out var built))
        {
            return built;
        }
        if (!_older.TryGetValue(key, out built))
        {
            var levenshtein = new LevenshteinAutomata(word, withTranspositions: true);
            built = [.. Enumerable.Range(0, typos + 1).Select(distance => new CompiledAutomaton(levenshtein.ToAutomaton(distance), true, false))];
        }
        if (_recent.Count >= CachedWords)
        {
            lock (Turning)
            {
                if (_recent.Count >= CachedWords)
                {
                    _older = _recent;
                    _recent = new();
                }
            }
        }
        return _recent.GetOrAdd(key, built);
    }
}
