using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

internal static class SellerCatalog
{
    /// <summary>
    /// The caller's own product. Another seller's product answers exactly as a missing one, so ids
    /// cannot be probed for existence.
    /// </summary>
    public static async Task<Product> FindOwnedAsync(this IProductStore products, Caller caller, string productId, CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(productId, cancellationToken);
        return product is not null && product.SellerId == caller.UserId
            ? product
            : throw new NotFoundException($"No product {productId}.");
    }

    /// <summary>Archived products are read-only until their seller takes them back to draft.</summary>
    public static void EnsureEditable(Product product)
    {
        if (product.Status == ProductStatus.Archived)
        {
            throw new ConflictException($"Product {product.Id} is archived; set its status to draft to change it.");
        }
    }

    /// <summary>Now, to the millisecond: what the table stores, so a product written and read back is equal.</summary>
    public static DateTimeOffset Now(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    public static async Task<bool> CategoryExistsAsync(this ICategoryStore categories, string categoryId, CancellationToken cancellationToken) =>
        (await categories.ListAsync(cancellationToken)).Any(c => c.Id == categoryId);

    /// <summary>Which request fields named the SKUs the catalog already holds.</summary>
    public static ValidationException TakenSkus(SkuTakenException taken, Func<string, string> fieldOf) =>
        new(taken.Skus.ToDictionary(fieldOf, sku => new[] { $"SKU {sku} is already in the catalog." }, StringComparer.Ordinal));
}
