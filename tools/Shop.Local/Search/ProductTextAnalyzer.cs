using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Shop.Local.Search;

/// <summary>
/// The words of product text as both engines see them: Unicode word boundaries (UAX #29),
/// lower-cased and folded to ASCII, so "Café" and "cafe" are one word. No stop words: a shopper's
/// "the" must match too. The same analysis runs on documents and on what a shopper types.
/// </summary>
internal sealed class ProductTextAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream words = new LowerCaseFilter(Version, tokenizer);
        words = new ASCIIFoldingFilter(words);
        return new TokenStreamComponents(tokenizer, words);
    }

    /// <summary>The words of <paramref name="text"/> in the order typed; none for blank text or text of symbols only.</summary>
    public IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var words = new List<string>();
        using var stream = GetTokenStream(ProductFields.Name, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            words.Add(term.ToString());
        }
        stream.End();
        return words;
    }
}
