using Shop.Core.Search;

namespace Shop.Integration.Tests.Search;

/// <summary>
/// Search documents for the conformance suite. Each builder takes a fresh id, increasing in the
/// order builders are made, so the id tie-break of every search order is predictable. The
/// default words are chosen to match none of the words the tests search for, even with typos.
/// </summary>
public sealed class ProductDocumentBuilder
{
    public static readonly DateTimeOffset Created = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static int _lastId;

    private string _id = $"p-{Interlocked.Increment(ref _lastId):D6}";
    private long _version = 1;
    private string _name = "Plain widget";
    private string _brand = "Generic";
    private string _description = "Nothing special.";
    private string _categoryId = "cat-misc";
    private IReadOnlyList<string> _categoryNames = ["Miscellaneous"];
    private readonly Dictionary<string, string> _attributes = new(StringComparer.Ordinal);
    private long _minPrice = 1000;
    private long? _maxPrice;
    private double? _rating;
    private int _ratingCount;
    private bool _inStock = true;
    private string _sellerId = "seller-1";
    private DateTimeOffset _createdAt = Created;

    public static ProductDocumentBuilder AProduct() => new();

    public string Id => _id;

    public ProductDocumentBuilder WithId(string id)
    {
        _id = id;
        return this;
    }

    public ProductDocumentBuilder AtVersion(long version)
    {
        _version = version;
        return this;
    }

    public ProductDocumentBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public ProductDocumentBuilder ByBrand(string brand)
    {
        _brand = brand;
        return this;
    }

    public ProductDocumentBuilder Described(string description)
    {
        _description = description;
        return this;
    }

    /// <summary>In the category <paramref name="id"/>, whose names from the root down are <paramref name="names"/>.</summary>
    public ProductDocumentBuilder In(string id, params string[] names)
    {
        _categoryId = id;
        _categoryNames = names.Length > 0 ? names : _categoryNames;
        return this;
    }

    public ProductDocumentBuilder WithAttribute(string key, string value)
    {
        _attributes[key] = value;
        return this;
    }

    /// <summary>The lowest variant price (minor units); the highest is the same unless given.</summary>
    public ProductDocumentBuilder Priced(long minPrice, long? maxPrice = null)
    {
        _minPrice = minPrice;
        _maxPrice = maxPrice;
        return this;
    }

    public ProductDocumentBuilder Rated(double average, int count = 1)
    {
        _rating = average;
        _ratingCount = count;
        return this;
    }

    public ProductDocumentBuilder Unrated()
    {
        _rating = null;
        _ratingCount = 0;
        return this;
    }

    public ProductDocumentBuilder InStock(bool inStock = true)
    {
        _inStock = inStock;
        return this;
    }

    public ProductDocumentBuilder SoldBy(string sellerId)
    {
        _sellerId = sellerId;
        return this;
    }

    public ProductDocumentBuilder CreatedAt(DateTimeOffset createdAt)
    {
        _createdAt = createdAt;
        return this;
    }

    public ProductDocument Build() => new(
        _id,
        _version,
        _name,
        _brand,
        _description,
        _categoryId,
        _categoryNames,
        new Dictionary<string, string>(_attributes, StringComparer.Ordinal),
        _minPrice,
        _maxPrice ?? _minPrice,
        "EUR",
        _rating,
        _ratingCount,
        _inStock,
        _sellerId,
        _createdAt,
        $"products/{_id}/0.jpg");
}
