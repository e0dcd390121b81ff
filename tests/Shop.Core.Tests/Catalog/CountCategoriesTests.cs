using Shop.Core.Catalog;
using static Shop.Core.Tests.Builders.CategoryBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class CountCategoriesTests
{
    [Fact]
    public async Task CountsAllAndRoots_WhenTreeHasTwoLevels()
    {
        var store = new InMemoryCategoryStore(
            ACategory("electronics").Build(),
            ACategory("phones").Under("electronics").Build(),
            ACategory("laptops").Under("electronics").Build(),
            ACategory("books").Build());

        var count = await new CountCategories(store).HandleAsync(CancellationToken.None);

        Assert.Equal(new CategoryCount(4, 2), count);
    }
}
