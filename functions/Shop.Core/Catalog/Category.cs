namespace Shop.Core.Catalog;

/// <summary>
/// A node of the category tree. <see cref="Path"/> is the chain of ids from the root
/// ("/electronics/phones"), kept on every node so a subtree is a prefix query.
/// </summary>
public sealed record Category(string Id, string Name, string? ParentId, string Path, int Position)
{
    public bool IsRoot => ParentId is null;
}

/// <summary>A category with its children, as the storefront shows the tree.</summary>
public sealed record CategoryNode(string Id, string Name, string Path, IReadOnlyList<CategoryNode> Children);
