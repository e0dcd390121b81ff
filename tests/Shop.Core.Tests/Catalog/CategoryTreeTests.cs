using Shop.Core.Catalog;
using static Shop.Core.Tests.Builders.CategoryBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class CategoryTreeTests
{
    [Fact]
    public void NestsChildrenUnderParents_WhenBuilt()
    {
        var tree = CategoryTree.Build([
            ACategory("phones").Under("electronics").Build(),
            ACategory("electronics").Build(),
            ACategory("books").At(1).Build(),
        ]);

        Assert.Equal(["electronics", "books"], tree.Select(n => n.Id));
        Assert.Equal(["phones"], tree[0].Children.Select(n => n.Id));
        Assert.Empty(tree[1].Children);
    }

    [Fact]
    public void OrdersSiblingsByPositionThenName_WhenPositionsTie()
    {
        var tree = CategoryTree.Build([
            ACategory("b").Named("Bravo").At(1).Build(),
            ACategory("c").Named("charlie").At(0).Build(),
            ACategory("a").Named("Alpha").At(1).Build(),
        ]);

        Assert.Equal(["c", "a", "b"], tree.Select(n => n.Id));
    }

    [Fact]
    public void ShowsOrphanAsRoot_WhenParentIsMissing()
    {
        var tree = CategoryTree.Build([ACategory("lost").Under("gone").Build()]);

        Assert.Equal("lost", Assert.Single(tree).Id);
    }

    [Fact]
    public void StopsRecursing_WhenCategoriesFormACycle()
    {
        var tree = CategoryTree.Build([
            ACategory("root").Build(),
            ACategory("a").Under("b").Build(),
            ACategory("b").Under("a").Build(),
        ]);

        Assert.Equal(["root"], tree.Select(n => n.Id));
    }
}
