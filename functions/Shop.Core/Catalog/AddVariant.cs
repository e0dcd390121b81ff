using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>A seller adds a SKU to their product: option values for exactly the product's options, the product's currency.</summary>
public sealed class AddVariant(IProductStore products, TimeProvider clock)
{
    public async Task<Variant> HandleAsync(Caller caller, string productId, VariantInput input, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        ProductRules.CheckVariant(validation, "", input);
        validation.ThrowIfAny();
        try
        {
            return await Retry.OnConcurrentChangeAsync("product", () => AddAsync(caller, productId, input, cancellationToken));
        }
        catch (SkuTakenException taken)
        {
            throw SellerCatalog.TakenSkus(taken, _ => "sku");
        }
    }

    private async Task<Variant> AddAsync(Caller caller, string productId, VariantInput input, CancellationToken cancellationToken)
    {
        var current = await products.FindOwnedAsync(caller, productId, cancellationToken);
        SellerCatalog.EnsureEditable(current);
        if (current.Variants.Count >= Product.MaxVariants)
        {
            throw new ConflictException($"Product {productId} has {Product.MaxVariants} variants, the most a product can have.");
        }
        var now = clock.Now();
        var variant = new Variant(input.Sku!, current.Id, ProductRules.Trimmed(input.Options), ProductRules.ToMoney(input.Price!), input.Stock ?? 0, now);
        CheckAgainst(current, variant, input.Options);
        var updated = (current with { Variants = [.. current.Variants.Append(variant).OrderBy(v => v.Sku, StringComparer.Ordinal)] }).Changed(now);
        await products.AddVariantAsync(updated, current.Version, variant, cancellationToken);
        return variant;
    }

    private static void CheckAgainst(Product product, Variant variant, IReadOnlyDictionary<string, string>? options)
    {
        var validation = new Validation();
        validation.When(product.FindVariant(variant.Sku) is not null, "sku", $"SKU {variant.Sku} is already a variant of this product.");
        VariantFit.Check(validation, "", product, variant, options);
        validation.ThrowIfAny();
    }
}

/// <summary>How a variant must fit among its product's others.</summary>
internal static class VariantFit
{
    public static void Check(Validation validation, string prefix, Product product, Variant variant, IReadOnlyDictionary<string, string>? options)
    {
        ProductRules.CheckOptionValues(validation, prefix + "options", options, product.Options);
        var others = product.Variants.Where(v => v.Sku != variant.Sku).ToList();
        validation.When(others.Any(v => ProductRules.SameOptions(v.Options, variant.Options)), prefix + "options", "Another variant has the same options.");
        var currency = others.FirstOrDefault()?.Price.Currency;
        validation.When(currency is not null && variant.Price.Currency != currency, prefix + "price.currency",
            $"Must be {currency}, like the product's other variants: a product is priced in one currency.");
    }
}
