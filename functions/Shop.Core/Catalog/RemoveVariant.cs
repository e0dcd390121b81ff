using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>A seller removes a SKU from their product and frees it for reuse; a product keeps at least one.</summary>
public sealed class RemoveVariant(IProductStore products, TimeProvider clock)
{
    public Task HandleAsync(Caller caller, string productId, string sku, CancellationToken cancellationToken) =>
        Retry.OnConcurrentChangeAsync("product", async () =>
        {
            var current = await products.FindOwnedAsync(caller, productId, cancellationToken);
            _ = current.FindVariant(sku) ?? throw new NotFoundException($"Product {productId} has no variant {sku}.");
            SellerCatalog.EnsureEditable(current);
            if (current.Variants.Count == 1)
            {
                throw new ConflictException($"{sku} is the last variant of product {productId}; a product has at least one. Archive the product instead.");
            }
            var updated = (current with { Variants = current.Variants.Where(v => v.Sku != sku).ToList() }).Changed(clock.Now());
            await products.RemoveVariantAsync(updated, current.Version, sku, cancellationToken);
            return updated;
        });
}
