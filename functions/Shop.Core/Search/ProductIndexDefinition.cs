using System.Text;

namespace Shop.Core.Search;

/// <summary>How a field is indexed, the same in every engine.</summary>
public enum IndexFieldKind
{
    /// <summary>Analysed full text: lower-cased, ASCII-folded words, searched with typo tolerance.</summary>
    Text,

    /// <summary>An exact value: filtered and faceted as given.</summary>
    Keyword,

    /// <summary>A whole number (minor units, counts, epoch milliseconds): ranges, sorting, buckets.</summary>
    Long,

    /// <summary>A decimal number (the average rating).</summary>
    Double,

    Boolean,
}

/// <param name="Name">The field's name in documents and queries (camelCase, as in <see cref="ProductDocument"/>).</param>
/// <param name="Boost">How much a match in this field weighs in relevance; 0 when the field is not searched as text.</param>
/// <param name="Suggest">Whether prefix autocomplete completes words of this field.</param>
/// <param name="Typos">Whether a searched word may match this field with typos (<see cref="ProductIndexDefinition.AllowedTypos(string)"/>); otherwise only exactly.</param>
public sealed record IndexField(string Name, IndexFieldKind Kind, double Boost = 0, bool Suggest = false, bool Typos = false);

/// <summary>
/// The products index, defined once: both engines (Lucene locally, OpenSearch in AWS) build their
/// mapping, their analyzers and their relevance query from this list, and the conformance suite
/// holds them to the same answers.
/// </summary>
public static class ProductIndexDefinition
{
    public const string IndexName = "products";

    /// <summary>Longest query text accepted; longer ones are refused (400) before reaching an engine.</summary>
    public const int MaxQueryLength = 256;

    /// <summary>
    /// Most words a query may have: each becomes a clause over every searched field, and
    /// OpenSearch refuses a query of more than 1024 clauses.
    /// </summary>
    public const int MaxQueryWords = 32;

    /// <summary>Words of at most this many letters must match exactly: "tv" is not a typo of "tb".</summary>
    public const int ExactUpToLength = 2;

    /// <summary>Words of at most this many letters tolerate one typo; longer ones two (OpenSearch's AUTO fuzziness).</summary>
    public const int OneTypoUpToLength = 5;

    /// <summary>Completions <c>/search/suggest</c> returns at most.</summary>
    public const int MaxSuggestions = 10;

    /// <summary>Brands the brand facet lists at most (the most frequent).</summary>
    public const int MaxBrandFacets = 20;

    public static readonly IReadOnlyList<IndexField> Fields =
    [
        // Typos where a shopper names what the product is; attribute values and descriptions match
        // exactly: their words are common to many products, so a near word there finds mostly noise.
        new("name", IndexFieldKind.Text, Boost: 3, Suggest: true, Typos: true),
        new("brand", IndexFieldKind.Text, Boost: 2, Suggest: true, Typos: true),
        new("categoryNames", IndexFieldKind.Text, Boost: 1.5, Typos: true),
        new("attributes", IndexFieldKind.Text, Boost: 1),
        new("description", IndexFieldKind.Text, Boost: 0.5),
        new("id", IndexFieldKind.Keyword),
        new("brandKeyword", IndexFieldKind.Keyword),
        new("categoryId", IndexFieldKind.Keyword),
        new("sellerId", IndexFieldKind.Keyword),
        new("currency", IndexFieldKind.Keyword),
        new("minPrice", IndexFieldKind.Long),
        new("maxPrice", IndexFieldKind.Long),
        new("rating", IndexFieldKind.Double),
        new("ratingCount", IndexFieldKind.Long),
        new("inStock", IndexFieldKind.Boolean),
        new("createdAt", IndexFieldKind.Long),
        new("version", IndexFieldKind.Long),
    ];

    /// <summary>The full-text fields with their boosts, most important first.</summary>
    public static IEnumerable<IndexField> SearchedFields => Fields.Where(f => f.Kind == IndexFieldKind.Text);

    /// <summary>
    /// Upper bounds (exclusive, minor units) of the price facet's buckets; the last bucket is open
    /// above. Buckets are over a product's lowest price.
    /// </summary>
    public static readonly IReadOnlyList<long> PriceBucketBounds = [1_000, 2_500, 5_000, 10_000, 25_000, 50_000];

    /// <summary>The rating facet counts products rated at least each of these ("4 stars and up").</summary>
    public static readonly IReadOnlyList<int> RatingFloors = [4, 3, 2, 1];

    /// <summary>How many typos a word of <paramref name="length"/> letters may carry.</summary>
    public static int AllowedTypos(int length) => length <= ExactUpToLength ? 0 : length <= OneTypoUpToLength ? 1 : 2;

    /// <summary>How many typos <paramref name="word"/> may carry in a field that allows them: by its length, none when it holds a number.</summary>
    public static int AllowedTypos(string word) => HoldsNumber(word) ? 0 : AllowedTypos(word.Length);

    /// <summary>
    /// Whether <paramref name="word"/> holds a number, and so must match exactly whatever its
    /// length: a model, size or quantity one character off ("x3" for "x2", "500" for "700") names
    /// another product, not a misspelling of this one.
    /// </summary>
    public static bool HoldsNumber(string word) => word.EnumerateRunes().Any(Rune.IsNumber);
}
