using Shop.Core.Catalog;

namespace Shop.Integration.Tests.Catalog;

/// <summary>Builds products for the adapter tests: unique ids and SKUs per build, so tests share nothing.</summary>
internal sealed class TestProduct
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string _id = "p-" + Guid.NewGuid().ToString("N")[..12];
    private string _sellerId = "seller-1";
    private string _categoryId = "running";
    private ProductStatus _status = ProductStatus.Active;
    private DateTimeOffset _createdAt = Epoch;
    private readonly List<Variant> _variants = [];

    public static TestProduct AProduct() => new();

    public TestProduct OwnedBy(string sellerId)
    {
        _sellerId = sellerId;
        return this;
    }

    public TestProduct In(string categoryId)
    {
        _categoryId = categoryId;
        return this;
    }

    public TestProduct WithStatus(ProductStatus status)
    {
        _status = status;
        return this;
    }

    public TestProduct CreatedAt(DateTimeOffset createdAt)
    {
        _createdAt = createdAt;
        return this;
    }

    public TestProduct WithVariant(long amount = 8999, int stock = 10, string? sku = null, string color = "red")
    {
        _variants.Add(new Variant(
            sku ?? $"SKU-{Guid.NewGuid():N}"[..20],
            _id,
            new Dictionary<string, string> { ["color"] = color },
            new Money(amount, "EUR"),
            stock,
            _createdAt));
        return this;
    }

    public Product Build()
    {
        if (_variants.Count == 0)
        {
            WithVariant();
        }
        return new Product(
            _id,
            _sellerId,
            "Trail Runner 2",
            "Northpeak",
            "A light trail shoe with a rock plate.",
            _categoryId,
            new Dictionary<string, string> { ["material"] = "mesh", ["drop"] = "6 mm" },
            ["color"],
            [new ProductImage("img-1", $"products/{_id}/img-1.jpg")],
            _status,
            Rating.None,
            _createdAt,
            _createdAt,
            1,
            _variants.Select(v => v with { ProductId = _id }).OrderBy(v => v.Sku, StringComparer.Ordinal).ToList());
    }
}
