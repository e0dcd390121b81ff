using System.Globalization;
using Shop.Core.Search;

namespace Shop.Bench.Search;

/// <summary>One query of a class, and how to put it to the index; the result is how many products (or suggestions) it found.</summary>
internal abstract record Probe(string Shown)
{
    public abstract Task<long> RunAsync(IProductIndex index, CancellationToken cancellationToken);
}

internal sealed record SearchProbe(string Shown, SearchQuery Query) : Probe(Shown)
{
    public override async Task<long> RunAsync(IProductIndex index, CancellationToken cancellationToken) =>
        (await index.SearchAsync(Query, cancellationToken)).Total;
}

internal sealed record SuggestProbe(string Prefix) : Probe($"\"{Prefix}\"")
{
    public override async Task<long> RunAsync(IProductIndex index, CancellationToken cancellationToken) =>
        (await index.SuggestAsync(Prefix, ProductIndexDefinition.MaxSuggestions, cancellationToken)).Count;
}

internal sealed record QueryClass(string Label, IReadOnlyList<Probe> Probes);

/// <summary>
/// The query classes, each a list of queries drawn from products of the catalog itself (a
/// deterministic sample of the generated documents), so words exist and combinations occur as
/// shoppers would type them. Same sample and seed, same queries.
/// </summary>
internal static class QueryMix
{
    public const int PageSize = 20;

    public const string OneWord = "one word";
    public const string SeveralWords = "2-3 words";
    public const string Typo = "one word, one typo";
    public const string Filtered = "word + category subtree + price range + in stock";
    public const string Suggest = "suggest, 2-4 letter prefix";
    public const string Everything = "no words, everything, newest first";
    public const string OneSeller = "no words, one seller's products, newest first";

    public static IReadOnlyList<QueryClass> Draw(ProductGenerator catalog, IReadOnlyList<ProductDocument> samples, int count, int seed)
    {
        var random = new Random(seed);
        var categoryNames = catalog.Categories.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);

        ProductDocument Sample() => samples[random.Next(samples.Count)];
        string Pick(IReadOnlyList<string> words) => words[random.Next(words.Count)];
        List<Probe> Repeat(Func<Probe> draw) => Enumerable.Range(0, count).Select(_ => draw()).ToList();

        return
        [
            new(OneWord, Repeat(() =>
            {
                var product = Sample();
                var word = random.NextDouble() switch
                {
                    < 0.7 => Pick(Words(product.Name, minLength: 3)),
                    < 0.9 => product.Brand,
                    _ => Pick(Words(product.CategoryNames[^1], minLength: 3)),
                };
                return Text(word);
            })),
            new(SeveralWords, Repeat(() =>
            {
                var product = Sample();
                var words = Words(product.Name, minLength: 2).Distinct().ToList();
                var wanted = 2 + random.Next(2);
                if (random.NextDouble() < 0.3 || words.Count < wanted)
                {
                    words.Insert(0, product.Brand.ToLowerInvariant());
                }
                // Keep the name's order, drop words at random down to the count wanted.
                while (words.Count > wanted)
                {
                    words.RemoveAt(random.Next(words.Count));
                }
                return Text(string.Join(' ', words));
            })),
            new(Typo, Repeat(() =>
            {
                var product = Sample();
                var word = Pick(Words(product.Name, minLength: 5).Append(product.Brand.ToLowerInvariant()).ToList());
                return Text(OneEdit(word, random));
            })),
            new(Filtered, Repeat(() =>
            {
                var product = Sample();
                var root = catalog.RootOf(product.CategoryId);
                var filters = new SearchFilters(catalog.Subtree(root), product.MinPrice / 2, product.MinPrice * 2, InStock: true);
                var word = Pick(Words(product.Name, minLength: 3));
                var shown = $"\"{word}\" in {categoryNames[root]} ({filters.CategoryIds!.Count} categories), " +
                    $"{filters.MinPrice:N0}-{filters.MaxPrice:N0}, in stock";
                return new SearchProbe(shown, new SearchQuery(word, filters, SearchSort.Relevance, PageSize));
            })),
            new(Suggest, Repeat(() =>
            {
                var product = Sample();
                var word = random.NextDouble() < 0.8 ? Pick(Words(product.Name, minLength: 2)) : product.Brand.ToLowerInvariant();
                return new SuggestProbe(word[..Math.Min(word.Length, 2 + random.Next(3))]);
            })),
            new(Everything, Repeat(() => new SearchProbe("(no words, no filters)", new SearchQuery(null, SearchFilters.None, SearchSort.Newest, PageSize)))),
            new(OneSeller, Repeat(() =>
            {
                var seller = Sample().SellerId;
                return new SearchProbe($"seller {seller}", new SearchQuery(null, new SearchFilters(SellerId: seller), SearchSort.Newest, PageSize));
            })),
        ];
    }

    private static SearchProbe Text(string text) =>
        new($"\"{text}\"", new SearchQuery(text, SearchFilters.None, SearchSort.Relevance, PageSize));

    /// <summary>The words of <paramref name="text"/> as a shopper types them (lower case), those of at least <paramref name="minLength"/> letters; the longest one when none is long enough.</summary>
    private static List<string> Words(string text, int minLength)
    {
        var words = SearchText.Words(text).Select(w => w.ToLowerInvariant()).ToList();
        var longEnough = words.Where(w => w.Length >= minLength).ToList();
        return longEnough.Count > 0 ? longEnough : [words.MaxBy(w => w.Length)!];
    }

    /// <summary>The word with one edit: a letter replaced, dropped, added, or two neighbours swapped; never the word itself.</summary>
    private static string OneEdit(string word, Random random)
    {
        // Bounded: each attempt that yields the word itself (a swap of equal letters, a letter replaced by itself) is retried, at most 20 times.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var at = random.Next(word.Length);
            var letter = (char)('a' + random.Next(26));
            var edited = random.Next(4) switch
            {
                0 => string.Concat(word.AsSpan(0, at), letter.ToString(CultureInfo.InvariantCulture), word.AsSpan(at + 1)),
                1 when word.Length > 3 => word.Remove(at, 1),
                2 => word.Insert(at, letter.ToString(CultureInfo.InvariantCulture)),
                _ when at + 1 < word.Length => string.Concat(word.AsSpan(0, at), word.AsSpan(at + 1, 1), word.AsSpan(at, 1), word.AsSpan(at + 2)),
                _ => word,
            };
            if (edited != word)
            {
                return edited;
            }
        }
        return word + "x";
    }
}
