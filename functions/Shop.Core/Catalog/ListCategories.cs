namespace Shop.Core.Catalog;

/// <summary>The storefront's category tree.</summary>
public sealed class ListCategories(ICategoryStore categories)
{
    public async Task<IReadOnlyList<CategoryNode>> HandleAsync(CancellationToken cancellationToken) =>
        CategoryTree.Build(await categories.ListAsync(cancellationToken));
}
