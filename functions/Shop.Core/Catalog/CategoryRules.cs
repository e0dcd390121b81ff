using Shop.Core.Common;

namespace Shop.Core.Catalog;

internal static class CategoryRules
{
    public const int MaxNameLength = 100;
    public const int MaxPosition = 10_000;

    /// <summary>
    /// A move rewrites the category and its whole subtree in one transaction, whose limit is 100
    /// writes; one more item, the tree's revision, rides along.
    /// </summary>
    public const int MaxMovedCategories = 99;

    public static void CheckName(Validation validation, string? name) =>
        validation.When(name is null || name.Trim().Length is 0 or > MaxNameLength, "name", $"Must be 1 to {MaxNameLength} characters.");

    public static void CheckPosition(Validation validation, int? position) =>
        validation.When(position is < 0 or > MaxPosition, "position", $"Must be from 0 to {MaxPosition}.");

    public static string PathUnder(Category? parent, string id) => parent is null ? "/" + id : parent.Path + "/" + id;
}
