using Shop.Core.Common;

namespace Shop.Core.Catalog;

/// <summary>What an admin asks for: a name, and optionally a parent and a place among its siblings.</summary>
public sealed record NewCategory(string? Name, string? ParentId, int? Position);

/// <summary>Adds a category to the tree, under an existing parent or as a root; it goes last among its siblings unless placed.</summary>
public sealed class CreateCategory(ICategoryStore categories)
{
    public async Task<Category> HandleAsync(NewCategory input, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        CategoryRules.CheckName(validation, input.Name);
        CategoryRules.CheckPosition(validation, input.Position);
        validation.ThrowIfAny();
        return await Retry.OnConcurrentChangeAsync("category tree", () => CreateAsync(input, cancellationToken));
    }

    private async Task<Category> CreateAsync(NewCategory input, CancellationToken cancellationToken)
    {
        var tree = await categories.ReadTreeAsync(cancellationToken);
        var parent = input.ParentId is null ? null : tree.Find(input.ParentId);
        if (input.ParentId is not null && parent is null)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["parentId"] = ["No category has this id."] });
        }
        var id = Ids.New("c");
        var position = input.Position ?? NextPosition(tree.Children(parent?.Id));
        var category = new Category(id, input.Name!.Trim(), parent?.Id, CategoryRules.PathUnder(parent, id), position);
        await categories.CreateAsync(category, tree.Revision, cancellationToken);
        return category;
    }

    private static int NextPosition(IReadOnlyList<Category> siblings) =>
        siblings.Count == 0 ? 0 : Math.Min(siblings.Max(c => c.Position) + 1, CategoryRules.MaxPosition);
}
