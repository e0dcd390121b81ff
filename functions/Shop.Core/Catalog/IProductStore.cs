using Shop.Core.Common;

namespace Shop.Core.Catalog;

/// <summary>
/// Products, their variants and the catalog-wide SKU registry. Every write that changes a product
/// is conditional on the version it was read at (<see cref="ConcurrentChangeException"/> when it
/// moved on); SKUs are claimed in the same atomic write as their variants
/// (<see cref="SkuTakenException"/>).
/// </summary>
public interface IProductStore
{
    /// <summary>The product with its variants and their stock, in any status.</summary>
    Task<Product?> FindAsync(string productId, CancellationToken cancellationToken);

    Task<SkuOwner?> FindSkuAsync(string sku, CancellationToken cancellationToken);

    /// <summary>Every product with its variants, in no particular order (a rebuild of the search index).</summary>
    IAsyncEnumerable<Product> AllAsync(CancellationToken cancellationToken);

    /// <summary>Writes a new product with its variants and claims their SKUs, all or nothing.</summary>
    Task CreateAsync(Product product, CancellationToken cancellationToken);

    /// <summary>Writes the product's own fields (not its variants, not its rating) if it is still at <paramref name="expectedVersion"/>.</summary>
    Task UpdateAsync(Product product, long expectedVersion, CancellationToken cancellationToken);

    Task AddVariantAsync(Product product, long expectedVersion, Variant variant, CancellationToken cancellationToken);

    /// <summary>Writes the variant's options and price (never its stock) with the product.</summary>
    Task UpdateVariantAsync(Product product, long expectedVersion, Variant variant, CancellationToken cancellationToken);

    /// <summary>Deletes the variant and releases its SKU, with the product.</summary>
    Task RemoveVariantAsync(Product product, long expectedVersion, string sku, CancellationToken cancellationToken);

    /// <summary>
    /// Sets or adjusts a SKU's stock in one conditional write: answers the new stock, or throws
    /// <see cref="InsufficientStockException"/> (never below zero), <see cref="StockLimitException"/>
    /// (never above <see cref="Variant.MaxStock"/>) or <see cref="NotFoundException"/> (the variant is gone).
    /// </summary>
    Task<int> ChangeStockAsync(SkuOwner owner, StockChange change, CancellationToken cancellationToken);

    /// <summary>Active products of one category (not its subtree), in <paramref name="sort"/> order.</summary>
    Task<Page<ProductSummary>> ListByCategoryAsync(string categoryId, ProductSort sort, PageRequest page, CancellationToken cancellationToken);

    /// <summary>A seller's products in any status, most recently changed first.</summary>
    Task<Page<ProductSummary>> ListBySellerAsync(string sellerId, PageRequest page, CancellationToken cancellationToken);
}

/// <summary>A stock write: an absolute level, or a signed adjustment of the current one.</summary>
public abstract record StockChange
{
    public sealed record SetTo(int Stock) : StockChange;

    public sealed record AdjustBy(int Delta) : StockChange;
}

/// <summary>The catalog already holds these SKUs, under another product or the same one.</summary>
public sealed class SkuTakenException(IReadOnlyList<string> skus) : Exception($"SKU already in the catalog: {string.Join(", ", skus)}.")
{
    public IReadOnlyList<string> Skus { get; } = skus;
}

/// <summary>Taking the units asked for would bring the SKU's stock below zero.</summary>
public sealed class InsufficientStockException(string sku, int available, int requested)
    : Exception($"SKU {sku} has {available} units; {requested} were asked for.")
{
    public string Sku { get; } = sku;
    public int Available { get; } = available;
}

/// <summary>Adding the units would bring the SKU's stock above <see cref="Variant.MaxStock"/>.</summary>
public sealed class StockLimitException(string sku) : Exception($"SKU {sku} cannot hold more than {Variant.MaxStock} units.");
