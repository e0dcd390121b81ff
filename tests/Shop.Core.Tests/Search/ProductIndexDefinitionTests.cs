using Shop.Core.Search;

namespace Shop.Core.Tests.Search;

public sealed class ProductIndexDefinitionTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(12, 2)]
    public void AllowsTyposByWordLength_AsOpenSearchAutoDoes(int length, int typos) => Assert.Equal(typos, ProductIndexDefinition.AllowedTypos(length));

    [Theory]
    [InlineData("tv", 0)]
    [InlineData("lamp", 1)]
    [InlineData("headphones", 2)]
    public void AllowsTyposByLength_WhenWordHoldsNoNumber(string word, int typos) => Assert.Equal(typos, ProductIndexDefinition.AllowedTypos(word));

    [Theory]
    [InlineData("700")]
    [InlineData("x2000")]
    [InlineData("3.5mm")]
    [InlineData("size١٢")]
    [InlineData("lamp²")]
    public void AllowsNoTypo_WhenWordHoldsANumber(string word) => Assert.Equal(0, ProductIndexDefinition.AllowedTypos(word));

    [Fact]
    public void AllowsTyposOnlyInTheFieldsThatNameTheProduct_WhenSearching()
    {
        var fields = ProductIndexDefinition.SearchedFields.Where(f => f.Typos).Select(f => f.Name);

        Assert.Equal(["name", "brand", "categoryNames"], fields);
    }
}
