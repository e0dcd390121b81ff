namespace Shop.Core.Catalog;

public sealed record CategoryCount(int Total, int Roots);

/// <summary>Counts the tree's categories; the sample workflow's task, small but touching real data.</summary>
public sealed class CountCategories(ICategoryStore categories)
{
    public async Task<CategoryCount> HandleAsync(CancellationToken cancellationToken)
    {
        var all = await categories.ListAsync(cancellationToken);
        return new CategoryCount(all.Count, all.Count(c => c.IsRoot));
    }
}
