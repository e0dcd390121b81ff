using Shop.Core.Common;

namespace Shop.Core.Catalog;

/// <summary>
/// The storefront's listing of one category's active products: newest first, or by the cheapest
/// variant's price either way (ties broken by product id), a page at a time.
/// </summary>
public sealed class ListCategoryProducts(IProductStore products, ICategoryStore categories)
{
    public async Task<Page<ProductSummary>> HandleAsync(string categoryId, string? sort, PageRequest page, CancellationToken cancellationToken)
    {
        var order = ProductSorts.Parse(sort)
            ?? throw new ValidationException(new Dictionary<string, string[]>
            {
                ["sort"] = [$"Must be {ProductSorts.Newest}, {ProductSorts.PriceAscending} or {ProductSorts.PriceDescending}."],
            });
        if (!await categories.CategoryExistsAsync(categoryId, cancellationToken))
        {
            throw new NotFoundException($"No category {categoryId}.");
        }
        return await products.ListByCategoryAsync(categoryId, order, page, cancellationToken);
    }
}
