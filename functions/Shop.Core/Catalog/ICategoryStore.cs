namespace Shop.Core.Catalog;

public interface ICategoryStore
{
    Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Writes a category as it is, unconditionally (seeding).</summary>
    Task SaveAsync(Category category, CancellationToken cancellationToken);

    /// <summary>The whole tree and its revision, which every change below is conditional on.</summary>
    Task<CategoryTreeSnapshot> ReadTreeAsync(CancellationToken cancellationToken);

    /// <summary>Adds a category if the tree is still at <paramref name="treeRevision"/>; otherwise <see cref="ConcurrentChangeException"/>.</summary>
    Task CreateAsync(Category category, long treeRevision, CancellationToken cancellationToken);

    /// <summary>Rewrites the given categories (a renamed or moved one and its subtree) in one atomic write, if the tree is still at <paramref name="treeRevision"/>.</summary>
    Task UpdateAsync(IReadOnlyList<Category> changed, long treeRevision, CancellationToken cancellationToken);
}

/// <summary>The category tree as read at one revision.</summary>
public sealed record CategoryTreeSnapshot(IReadOnlyList<Category> Categories, long Revision)
{
    public Category? Find(string id) => Categories.FirstOrDefault(c => c.Id == id);

    /// <summary>The categories below <paramref name="category"/>, at any depth.</summary>
    public IReadOnlyList<Category> Descendants(Category category) =>
        Categories.Where(c => c.Path.StartsWith(category.Path + "/", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<Category> Children(string? parentId) => Categories.Where(c => c.ParentId == parentId).ToList();
}
