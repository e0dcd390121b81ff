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
    /// Words whose automata are kept; past it the cache starts over. A long word's three automata
    /// take about 300 KB, so this bounds the cache near 80 MB while keeping the words of the
    /// searches in flight and the most recent ones.
    /// </summary>
    private const int CachedWords = 256;

    private static readonly ConcurrentDictionary<(string Word, int Typos), CompiledAutomaton[]> Automata = new();

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
        if (Automata.TryGetValue((word, typos), out var built))
        {
            return built;
        }
        if (Automata.Count >= CachedWords)
        {
            Automata.Clear();
        }
        var levenshtein = new LevenshteinAutomata(word, withTranspositions: true);
        built = [.. Enumerable.Range(0, typos + 1).Select(distance => new CompiledAutomaton(levenshtein.ToAutomaton(distance), true, false))];
        return Automata.GetOrAdd((word, typos), built);
    }
}
