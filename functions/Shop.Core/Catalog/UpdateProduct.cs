using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>
/// A seller changes their product's fields or status. Absent fields stay; an archived product
/// changes only when the same request takes it back to draft.
/// </summary>
public sealed class UpdateProduct(IProductStore products, ICategoryStore categories, TimeProvider clock)
{
    public async Task<Product> HandleAsync(Caller caller, string productId, ProductChanges changes, CancellationToken cancellationToken)
    {
        Check(changes);
        if (changes.CategoryId is not null && !await categories.CategoryExistsAsync(changes.CategoryId, cancellationToken))
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["categoryId"] = ["No category has this id."] });
        }
        return await Retry.OnConcurrentChangeAsync("product", async () =>
        {
            var current = await products.FindOwnedAsync(caller, productId, cancellationToken);
            var updated = Apply(current, changes);
            if (updated == current)
            {
                return current;
            }
            updated = updated.Changed(clock.Now());
            await products.UpdateAsync(updated, current.Version, cancellationToken);
            return updated;
        });
    }

    private static void Check(ProductChanges changes)
    {
        var validation = new Validation();
        ProductRules.CheckText(validation, "name", changes.Name, ProductRules.MaxNameLength, required: false);
        validation.When(changes.Name is not null && changes.Name.Trim().Length == 0, "name", $"Must be 1 to {ProductRules.MaxNameLength} characters.");
        ProductRules.CheckText(validation, "brand", changes.Brand, ProductRules.MaxBrandLength, required: false);
        validation.When(changes.Brand is not null && changes.Brand.Trim().Length == 0, "brand", $"Must be 1 to {ProductRules.MaxBrandLength} characters.");
        ProductRules.CheckText(validation, "description", changes.Description, ProductRules.MaxDescriptionLength, required: false);
        validation.When(changes.CategoryId is { Length: 0 }, "categoryId", "No category has this id.");
        ProductRules.CheckAttributes(validation, changes.Attributes);
        ProductRules.CheckStatus(validation, changes.Status, ProductStatus.Draft);
        validation.ThrowIfAny();
    }

    /// <summary>The product with the changes applied, or the same product when they change nothing.</summary>
    public static Product Apply(Product current, ProductChanges changes)
    {
        var status = ProductStatuses.Parse(changes.Status) ?? current.Status;
        if (!ProductStatuses.CanMove(current.Status, status))
        {
            throw new ValidationException(new Dictionary<string, string[]>
            {
                ["status"] = ["An archived product goes back to draft before it is activated again."],
            });
        }
        var updated = current with
        {
            Name = changes.Name?.Trim() ?? current.Name,
            Brand = changes.Brand?.Trim() ?? current.Brand,
            Description = changes.Description?.Trim() ?? current.Description,
            CategoryId = changes.CategoryId ?? current.CategoryId,
            Attributes = changes.Attributes is null ? current.Attributes : ProductRules.Trimmed(changes.Attributes),
            Status = status,
        };
        if (current.Status == ProductStatus.Archived && status == ProductStatus.Archived && !SameContent(current, updated))
        {
            SellerCatalog.EnsureEditable(current);
        }
        return SameContent(current, updated) && status == current.Status ? current : updated;
    }

    private static bool SameContent(Product a, Product b) =>
        a.Name == b.Name && a.Brand == b.Brand && a.Description == b.Description && a.CategoryId == b.CategoryId
        && ProductRules.SameOptions(a.Attributes, b.Attributes);
}
