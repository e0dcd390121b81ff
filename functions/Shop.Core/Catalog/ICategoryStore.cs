namespace Shop.Core.Catalog;

public interface ICategoryStore
{
    Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken);

    Task SaveAsync(Category category, CancellationToken cancellationToken);
}
