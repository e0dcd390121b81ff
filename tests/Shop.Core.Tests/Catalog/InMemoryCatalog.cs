using Shop.Core.Catalog;
using Shop.Core.Common;

namespace Shop.Core.Tests.Catalog;

/// <summary>
/// The product store's contract in memory: versions checked, SKUs claimed once, stock never
/// negative. It can be told to report the next writes as concurrent changes.
/// </summary>
internal sealed class InMemoryProductStore : IProductStore
{
    private readonly Dictionary<string, Product> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SkuOwner> _skus = new(StringComparer.Ordinal);

    public int ConcurrentChangesToReport { get; set; }
    public int Writes { get; private set; }

    public InMemoryProductStore With(params Product[] products)
    {
        foreach (var product in products)
        {
            _products[product.Id] = product;
            foreach (var variant in product.Variants)
            {
                _skus[variant.Sku] = new SkuOwner(variant.Sku, product.Id, product.SellerId);
            }
        }
        return this;
    }

    public InMemoryProductStore WithSku(string sku, string productId, string sellerId)
    {
        _skus[sku] = new SkuOwner(sku, productId, sellerId);
        return this;
    }

    public Product? Stored(string productId) => _products.GetValueOrDefault(productId);

    public IReadOnlyCollection<Product> All => _products.Values;

    public async IAsyncEnumerable<Product> AllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var product in _products.Values.ToList())
        {
            await Task.Yield();
            yield return product;
        }
    }

    public Task<Product?> FindAsync(string productId, CancellationToken cancellationToken) => Task.FromResult(Stored(productId));

    public Task<SkuOwner?> FindSkuAsync(string sku, CancellationToken cancellationToken) => Task.FromResult(_skus.GetValueOrDefault(sku));

    public Task CreateAsync(Product product, CancellationToken cancellationToken)
    {
        var taken = product.Variants.Select(v => v.Sku).Where(_skus.ContainsKey).ToList();
        if (taken.Count > 0)
        {
            throw new SkuTakenException(taken);
        }
        Write(product);
        return Task.CompletedTask;
    }

    public Task UpdateAsync(Product product, long expectedVersion, CancellationToken cancellationToken)
    {
        Check(product, expectedVersion);
        Write(product);
        return Task.CompletedTask;
    }

    public Task AddVariantAsync(Product product, long expectedVersion, Variant variant, CancellationToken cancellationToken)
    {
        Check(product, expectedVersion);
        if (_skus.ContainsKey(variant.Sku))
        {
            throw new SkuTakenException([variant.Sku]);
        }
        Write(product);
        return Task.CompletedTask;
    }

    public Task UpdateVariantAsync(Product product, long expectedVersion, Variant variant, CancellationToken cancellationToken) =>
        UpdateAsync(product, expectedVersion, cancellationToken);

    public Task RemoveVariantAsync(Product product, long expectedVersion, string sku, CancellationToken cancellationToken)
    {
        Check(product, expectedVersion);
        _skus.Remove(sku);
        Write(product);
        return Task.CompletedTask;
    }

    public Task<int> ChangeStockAsync(SkuOwner owner, StockChange change, CancellationToken cancellationToken)
    {
        var product = _products[owner.ProductId];
        var variant = product.FindVariant(owner.Sku) ?? throw new NotFoundException(owner.Sku);
        var stock = change switch
        {
            StockChange.SetTo set => set.Stock,
            StockChange.AdjustBy { Delta: < 0 } take when variant.Stock + take.Delta < 0 => throw new InsufficientStockException(owner.Sku, variant.Stock, -take.Delta),
            StockChange.AdjustBy add when variant.Stock + add.Delta > Variant.MaxStock => throw new StockLimitException(owner.Sku),
            StockChange.AdjustBy adjust => variant.Stock + adjust.Delta,
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
        _products[product.Id] = product with { Variants = product.Variants.Select(v => v.Sku == owner.Sku ? v with { Stock = stock } : v).ToList() };
        return Task.FromResult(stock);
    }

    public Task<Page<ProductSummary>> ListByCategoryAsync(string categoryId, ProductSort sort, PageRequest page, CancellationToken cancellationToken) =>
        Task.FromResult(new Page<ProductSummary>(
            _products.Values.Where(p => p.CategoryId == categoryId && p.Status == ProductStatus.Active).Select(Summary).ToList(), null));

    public Task<Page<ProductSummary>> ListBySellerAsync(string sellerId, PageRequest page, CancellationToken cancellationToken) =>
        Task.FromResult(new Page<ProductSummary>(_products.Values.Where(p => p.SellerId == sellerId).Select(Summary).ToList(), null));

    private void Check(Product product, long expectedVersion)
    {
        if (ConcurrentChangesToReport > 0)
        {
            ConcurrentChangesToReport--;
            throw new ConcurrentChangeException("changed");
        }
        if (_products[product.Id].Version != expectedVersion)
        {
            throw new ConcurrentChangeException("changed");
        }
    }

    private void Write(Product product)
    {
        Writes++;
        _products[product.Id] = product;
        foreach (var variant in product.Variants)
        {
            _skus[variant.Sku] = new SkuOwner(variant.Sku, product.Id, product.SellerId);
        }
    }

    private static ProductSummary Summary(Product p) =>
        new(p.Id, p.SellerId, p.Name, p.Brand, p.CategoryId, p.Status, p.MinPrice, p.Rating, p.Images.FirstOrDefault(), p.CreatedAt, p.UpdatedAt);
}

internal sealed class InMemoryCategoryStore(params Category[] categories) : ICategoryStore
{
    private readonly List<Category> _categories = [.. categories];

    public long Revision { get; private set; }
    public int ConcurrentChangesToReport { get; set; }
    public List<IReadOnlyList<Category>> Updates { get; } = [];

    public Category Get(string id) => _categories.Single(c => c.Id == id);

    public Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Category>>([.. _categories]);

    public Task SaveAsync(Category category, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<CategoryTreeSnapshot> ReadTreeAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new CategoryTreeSnapshot([.. _categories], Revision));

    public Task CreateAsync(Category category, long treeRevision, CancellationToken cancellationToken)
    {
        Check(treeRevision);
        _categories.Add(category);
        return Task.CompletedTask;
    }

    public Task UpdateAsync(IReadOnlyList<Category> changed, long treeRevision, CancellationToken cancellationToken)
    {
        Check(treeRevision);
        Updates.Add(changed);
        foreach (var category in changed)
        {
            _categories[_categories.FindIndex(c => c.Id == category.Id)] = category;
        }
        return Task.CompletedTask;
    }

    private void Check(long treeRevision)
    {
        if (ConcurrentChangesToReport > 0)
        {
            ConcurrentChangesToReport--;
            throw new ConcurrentChangeException("tree changed");
        }
        Assert.Equal(Revision, treeRevision);
        Revision++;
    }
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 17, 0, 0, 123, TimeSpan.Zero);

    public FixedClock() : this(Now)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;
}

internal sealed class RecordingImageStore : IImageStore
{
    public List<(string Key, string ContentType)> Slots { get; } = [];

    public Task<UploadSlot> CreateUploadSlotAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        Slots.Add((key, contentType));
        return Task.FromResult(new UploadSlot(new Uri($"https://upload.test/{key}?signed"), FixedClock.Now.AddMinutes(15)));
    }

    public Uri PublicUrl(string key) => new($"https://images.test/{key}");
}
