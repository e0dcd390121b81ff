using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>A seller lists a new product with its first variants, as a draft unless they ask for it to go live at once.</summary>
public sealed class CreateProduct(IProductStore products, ICategoryStore categories, TimeProvider clock)
{
    public async Task<Product> HandleAsync(Caller caller, NewProduct input, CancellationToken cancellationToken)
    {
        var status = Check(input);
        if (!await categories.CategoryExistsAsync(input.CategoryId!, cancellationToken))
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["categoryId"] = ["No category has this id."] });
        }
        var product = Build(caller, input, status, clock.Now());
        try
        {
            // A conflicting concurrent write is retried: the retry either succeeds or finds the SKU taken.
            await Retry.OnConcurrentChangeAsync("catalog", async () =>
            {
                await products.CreateAsync(product, cancellationToken);
                return product;
            });
        }
        catch (SkuTakenException taken)
        {
            throw SellerCatalog.TakenSkus(taken, sku => $"variants[{input.Variants!.ToList().FindIndex(v => v.Sku == sku)}].sku");
        }
        return product;
    }

    private static ProductStatus Check(NewProduct input)
    {
        var validation = new Validation();
        ProductRules.CheckText(validation, "name", input.Name, ProductRules.MaxNameLength);
        ProductRules.CheckText(validation, "brand", input.Brand, ProductRules.MaxBrandLength);
        ProductRules.CheckText(validation, "description", input.Description, ProductRules.MaxDescriptionLength, required: false);
        validation.When(string.IsNullOrWhiteSpace(input.CategoryId), "categoryId", "Is required.");
        ProductRules.CheckAttributes(validation, input.Attributes);
        ProductRules.CheckOptionNames(validation, input.Options);
        var status = ProductRules.CheckStatus(validation, input.Status, ProductStatus.Draft);
        validation.When(status == ProductStatus.Archived, "status", "A new product is draft or active.");
        CheckVariants(validation, input.Variants, input.Options ?? []);
        validation.ThrowIfAny();
        return status!.Value;
    }

    private static void CheckVariants(Validation validation, IReadOnlyList<VariantInput>? variants, IReadOnlyList<string> options)
    {
        if (variants is null || variants.Count is 0 or > ProductRules.MaxVariantsOnCreate)
        {
            validation.Add("variants", $"Must have 1 to {ProductRules.MaxVariantsOnCreate} variants; add more, up to {Product.MaxVariants}, one at a time.");
            return;
        }
        for (var i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            var prefix = $"variants[{i}].";
            ProductRules.CheckVariant(validation, prefix, variant);
            ProductRules.CheckOptionValues(validation, prefix + "options", variant.Options, options);
            var earlier = variants.Take(i).ToList();
            validation.When(variant.Sku is not null && earlier.Any(v => v.Sku == variant.Sku), prefix + "sku", "Appears twice in this request.");
            validation.When(earlier.Any(v => ProductRules.SameOptions(ProductRules.Trimmed(v.Options), ProductRules.Trimmed(variant.Options))),
                prefix + "options", "Another variant has the same options.");
            var currency = variants[0].Price?.Currency;
            validation.When(i > 0 && variant.Price?.Currency is { } own && currency is not null && own != currency,
                prefix + "price.currency", $"Must be {currency}, like variants[0]: a product is priced in one currency.");
        }
    }

    private static Product Build(Caller caller, NewProduct input, ProductStatus status, DateTimeOffset now)
    {
        var id = Ids.New("p");
        var variants = input.Variants!
            .Select(v => new Variant(v.Sku!, id, ProductRules.Trimmed(v.Options), ProductRules.ToMoney(v.Price!), v.Stock ?? 0, now))
            .OrderBy(v => v.Sku, StringComparer.Ordinal)
            .ToList();
        return new Product(
            id,
            caller.UserId,
            input.Name!.Trim(),
            input.Brand!.Trim(),
            input.Description?.Trim() ?? "",
            input.CategoryId!,
            ProductRules.Trimmed(input.Attributes),
            input.Options ?? [],
            [],
            status,
            Rating.None,
            now,
            now,
            Version: 1,
            variants);
    }
}
