using Shop.Core.Catalog;

namespace Shop.Core.Tests.Builders;

public sealed class ProductBuilder
{
    public static readonly DateTimeOffset Created = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private string _id = "p-trail";
    private string _sellerId = "seller-1";
    private string _categoryId = "running";
    private ProductStatus _status = ProductStatus.Active;
    private long _version = 1;
    private List<string> _options = ["color", "size"];
    private readonly List<Variant> _variants = [];
    private readonly List<ProductImage> _images = [];

    public static ProductBuilder AProduct(string id = "p-trail") => new ProductBuilder().WithId(id);

    public ProductBuilder WithId(string id)
    {
        _id = id;
        return this;
    }

    public ProductBuilder OwnedBy(string sellerId)
    {
        _sellerId = sellerId;
        return this;
    }

    public ProductBuilder In(string categoryId)
    {
        _categoryId = categoryId;
        return this;
    }

    public ProductBuilder WithStatus(ProductStatus status)
    {
        _status = status;
        return this;
    }

    public ProductBuilder AtVersion(long version)
    {
        _version = version;
        return this;
    }

    public ProductBuilder WithOptions(params string[] options)
    {
        _options = [.. options];
        return this;
    }

    /// <summary>A variant priced in EUR with values for the product's options (color/size by default).</summary>
    public ProductBuilder WithVariant(string sku, long amount = 8999, int stock = 10, string currency = "EUR", string color = "red", string size = "M")
    {
        var options = new Dictionary<string, string>();
        foreach (var name in _options)
        {
            options[name] = name switch { "color" => color, "size" => size, _ => sku };
        }
        _variants.Add(new Variant(sku, _id, options, new Money(amount, currency), stock, Created));
        return this;
    }

    public ProductBuilder WithImages(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _images.Add(new ProductImage($"img-{i}", $"products/{_id}/img-{i}.jpg"));
        }
        return this;
    }

    public Product Build()
    {
        var variants = _variants.Count > 0 ? _variants : [new Variant($"{_id}-1", _id, _options.ToDictionary(o => o, _ => "one"), new Money(1000, "EUR"), 5, Created)];
        return new Product(
            _id,
            _sellerId,
            "Trail Runner 2",
            "Northpeak",
            "A light trail shoe.",
            _categoryId,
            new Dictionary<string, string> { ["material"] = "mesh" },
            _options,
            _images,
            _status,
            Rating.None,
            Created,
            Created,
            _version,
            variants.Select(v => v with { ProductId = _id }).OrderBy(v => v.Sku, StringComparer.Ordinal).ToList());
    }
}
