using Lucene.Net.Index;
using Lucene.Net.Search;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// The query of a search's words, built from analysed words and never parsed: what a shopper
/// types is text, whatever Lucene's query syntax would make of it.
/// </summary>
internal static class ProductQueries
{
    /// <summary>How much of the other fields' scores a word's best field adds (OpenSearch's dis_max tie_breaker).</summary>
    private const float TieBreaker = 0.2f;

    /// <summary>A near word's weight against the exact one; with the exact word scored on its own too, an exact match outranks a near one.</summary>
    private const float TypoWeight = 0.5f;

    /// <summary>Near words a typo-tolerant word stands for at most in a field (Lucene's and OpenSearch's default).</summary>
    private const int MaxTypoExpansions = 50;

    private static readonly IReadOnlyList<IndexField> Searched = ProductIndexDefinition.SearchedFields.ToList();

    /// <summary>
    /// Every word must match in at least one searched field, each field weighted by its boost, and
    /// with <see cref="ProductIndexDefinition.AllowedTypos(string)"/> typos in the fields that allow
    /// them. No words (text of symbols only) match nothing, as OpenSearch's match query does.
    /// </summary>
    public static Query Text(IReadOnlyList<string> words)
    {
        var all = new BooleanQuery(disableCoord: true);
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            all.Add(AnyField(word), Occur.MUST);
        }
        return all;
    }

    private static Query AnyField(string word)
    {
        var typos = ProductIndexDefinition.AllowedTypos(word);
        var best = new DisjunctionMaxQuery(TieBreaker);
        foreach (var field in Searched)
        {
            var term = new Term(field.Name, word);
            Query match = new TermQuery(term);
            if (typos > 0 && field.Typos)
            {
                var exactOrNear = new BooleanQuery(disableCoord: true)
                {
                    { match, Occur.SHOULD },
                    { new TypoQuery(term, typos, MaxTypoExpansions) { Boost = TypoWeight }, Occur.SHOULD },
                };
                match = exactOrNear;
            }
            match.Boost = (float)field.Boost;
            best.Add(match);
        }
        return best;
    }
}
