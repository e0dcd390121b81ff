using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>A seller withdraws a product: it leaves the storefront and listings, its data stays. Archiving twice is harmless.</summary>
public sealed class ArchiveProduct(IProductStore products, TimeProvider clock)
{
    public Task HandleAsync(Caller caller, string productId, CancellationToken cancellationToken) =>
        Retry.OnConcurrentChangeAsync("product", async () =>
        {
            var current = await products.FindOwnedAsync(caller, productId, cancellationToken);
            if (current.Status == ProductStatus.Archived)
            {
                return current;
            }
            var archived = (current with { Status = ProductStatus.Archived }).Changed(clock.Now());
            await products.UpdateAsync(archived, current.Version, cancellationToken);
            return archived;
        });
}
