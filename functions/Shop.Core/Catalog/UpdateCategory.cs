using Shop.Core.Common;

namespace Shop.Core.Catalog;

/// <summary>
/// What an admin changes; absent parts stay. <see cref="MovesParent"/> tells "move to the root"
/// (<see cref="ParentId"/> null) from "leave the parent alone".
/// </summary>
public sealed record CategoryChanges(string? Name, bool MovesParent, string? ParentId, int? Position);

/// <summary>
/// Renames, moves or repositions a category. A move takes the subtree along: every path below the
/// category is rewritten in the same atomic write, so no reader ever sees half a move, and the
/// new parent must exist and lie outside the moved subtree (no cycles).
/// </summary>
public sealed class UpdateCategory(ICategoryStore categories)
{
    public async Task<Category> HandleAsync(string categoryId, CategoryChanges changes, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        if (changes.Name is not null)
        {
            CategoryRules.CheckName(validation, changes.Name);
        }
        CategoryRules.CheckPosition(validation, changes.Position);
        validation.ThrowIfAny();
        return await Retry.OnConcurrentChangeAsync("category tree", () => UpdateAsync(categoryId, changes, cancellationToken));
    }

    private async Task<Category> UpdateAsync(string categoryId, CategoryChanges changes, CancellationToken cancellationToken)
    {
        var tree = await categories.ReadTreeAsync(cancellationToken);
        var current = tree.Find(categoryId) ?? throw new NotFoundException($"No category {categoryId}.");
        var rewritten = Plan(tree, current, changes);
        if (rewritten.Count > 0)
        {
            await categories.UpdateAsync(rewritten, tree.Revision, cancellationToken);
        }
        return rewritten.Count > 0 ? rewritten[0] : current;
    }

    /// <summary>The categories to write, the changed one first; none when nothing changes.</summary>
    public static IReadOnlyList<Category> Plan(CategoryTreeSnapshot tree, Category current, CategoryChanges changes)
    {
        var parentId = changes.MovesParent ? changes.ParentId : current.ParentId;
        var parent = parentId is null ? null : tree.Find(parentId) ?? throw Refused("No category has this id.");
        if (parent is not null && (parent.Id == current.Id || parent.Path.StartsWith(current.Path + "/", StringComparison.Ordinal)))
        {
            throw Refused("A category cannot move under itself or its own subtree.");
        }
        var path = CategoryRules.PathUnder(parent, current.Id);
        var updated = current with
        {
            Name = changes.Name?.Trim() ?? current.Name,
            ParentId = parent?.Id,
            Path = path,
            Position = changes.Position ?? current.Position,
        };
        if (updated == current)
        {
            return [];
        }
        var moved = path == current.Path
            ? []
            : tree.Descendants(current).Select(d => d with { Path = path + d.Path[current.Path.Length..] }).ToList();
        if (moved.Count + 1 > CategoryRules.MaxMovedCategories)
        {
            throw Refused($"A move carries at most {CategoryRules.MaxMovedCategories} categories; this subtree has {moved.Count + 1}.");
        }
        return [updated, .. moved];
    }

    private static ValidationException Refused(string message) =>
        new(new Dictionary<string, string[]> { ["parentId"] = [message] });
}
