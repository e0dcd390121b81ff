using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>A seller reprices a variant or changes its option values; its stock is inventory's business.</summary>
public sealed class UpdateVariant(IProductStore products, TimeProvider clock)
{
    public async Task<Variant> HandleAsync(Caller caller, string productId, string sku, VariantChanges changes, CancellationToken cancellationToken)
    {
        if (changes.Price is not null)
        {
            var validation = new Validation();
            ProductRules.CheckPrice(validation, "price", changes.Price);
            validation.ThrowIfAny();
        }
        return await Retry.OnConcurrentChangeAsync("product", async () =>
        {
            var current = await products.FindOwnedAsync(caller, productId, cancellationToken);
            var existing = current.FindVariant(sku) ?? throw new NotFoundException($"Product {productId} has no variant {sku}.");
            SellerCatalog.EnsureEditable(current);
            var now = clock.Now();
            var variant = existing with
            {
                Price = changes.Price is null ? existing.Price : ProductRules.ToMoney(changes.Price),
                Options = changes.Options is null ? existing.Options : ProductRules.Trimmed(changes.Options),
                UpdatedAt = now,
            };
            var validation = new Validation();
            VariantFit.Check(validation, "", current, variant, changes.Options ?? existing.Options);
            validation.ThrowIfAny();
            var updated = (current with { Variants = current.Variants.Select(v => v.Sku == sku ? variant : v).ToList() }).Changed(now);
            await products.UpdateVariantAsync(updated, current.Version, variant, cancellationToken);
            return variant;
        });
    }
}
