namespace Shop.Core.Catalog;

public static class CategoryTree
{
    /// <summary>
    /// Nests categories under their parents, ordered by position then name. A category whose
    /// parent is missing is shown as a root rather than dropped, so a half-applied move never
    /// hides part of the catalog.
    /// </summary>
    public static IReadOnlyList<CategoryNode> Build(IEnumerable<Category> categories)
    {
        var all = categories.ToList();
        var ids = all.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var byParent = all
            .Where(c => c.ParentId is not null && ids.Contains(c.ParentId))
            .ToLookup(c => c.ParentId!, StringComparer.Ordinal);
        var roots = all.Where(c => c.ParentId is null || !ids.Contains(c.ParentId));
        return Nodes(roots, byParent, depth: 0);
    }

    private static IReadOnlyList<CategoryNode> Nodes(IEnumerable<Category> level, ILookup<string, Category> byParent, int depth)
    {
        // Paths are bounded in practice; the depth guard only stops a corrupt cycle from recursing forever.
        if (depth > 32)
        {
            return [];
        }
        return level
            .OrderBy(c => c.Position)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new CategoryNode(c.Id, c.Name, c.Path, Nodes(byParent[c.Id], byParent, depth + 1)))
            .ToList();
    }
}
