using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// The queries of a search, built from analysed words and never parsed: what a shopper types is
/// text, whatever Lucene's query syntax would make of it.
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
    private static readonly IReadOnlyList<IndexField> Suggested = ProductIndexDefinition.Fields.Where(f => f.Suggest).ToList();

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

    /// <summary>
    /// Products whose suggest fields hold every word but the last exactly and a word starting
    /// with the last one.
    /// </summary>
    public static Query Completing(IReadOnlyList<string> words)
    {
        var all = new BooleanQuery(disableCoord: true);
        for (var i = 0; i < words.Count; i++)
        {
            var anyField = new BooleanQuery(disableCoord: true);
            foreach (var field in Suggested)
            {
                var term = new Term(field.Name, words[i]);
                anyField.Add(i == words.Count - 1 ? new PrefixQuery(term) : new TermQuery(term), Occur.SHOULD);
            }
            all.Add(anyField, Occur.MUST);
        }
        return all;
    }

    /// <summary>The filters as one Lucene filter, which narrows matches without touching their scores; null when none applies.</summary>
    public static Filter? Filter(SearchFilters filters)
    {
        var all = new BooleanFilter();
        if (filters.CategoryIds is { } categories)
        {
            // Any of none is nothing.
            all.Add(new FilterClause(
                categories.Count == 0
                    ? new QueryWrapperFilter(new BooleanQuery())
                    : new TermsFilter(ProductFields.CategoryId, categories.Distinct(StringComparer.Ordinal).Select(c => new BytesRef(c)).ToArray()),
                Occur.MUST));
        }
        if (filters.MinPrice is not null || filters.MaxPrice is not null)
        {
            all.Add(new FilterClause(NumericRangeFilter.NewInt64Range(ProductFields.MinPrice, filters.MinPrice, filters.MaxPrice, true, true), Occur.MUST));
        }
        if (filters.MinRating is { } rating)
        {
            all.Add(new FilterClause(NumericRangeFilter.NewDoubleRange(ProductFields.Rating, rating, null, true, true), Occur.MUST));
        }
        if (filters.InStock == true)
        {
            all.Add(new FilterClause(new TermFilter(new Term(ProductFields.InStock, ProductFields.True)), Occur.MUST));
        }
        if (filters.SellerId is { } seller)
        {
            all.Add(new FilterClause(new TermFilter(new Term(ProductFields.SellerId, seller)), Occur.MUST));
        }
        return all.Clauses.Count == 0 ? null : all;
    }
}
