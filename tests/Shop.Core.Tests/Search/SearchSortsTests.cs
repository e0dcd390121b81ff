using Shop.Core.Search;

namespace Shop.Core.Tests.Search;

public sealed class SearchSortsTests
{
    [Theory]
    [InlineData(null, SearchSort.Relevance)]
    [InlineData("", SearchSort.Relevance)]
    [InlineData("relevance", SearchSort.Relevance)]
    [InlineData("price_asc", SearchSort.PriceAscending)]
    [InlineData("price_desc", SearchSort.PriceDescending)]
    [InlineData("rating", SearchSort.Rating)]
    [InlineData("newest", SearchSort.Newest)]
    public void NamesTheOrder_WhenNameIsKnown(string? name, SearchSort expected) => Assert.Equal(expected, SearchSorts.Parse(name));

    [Theory]
    [InlineData("price")]
    [InlineData("Newest")]
    [InlineData("cheapest")]
    public void IsNone_WhenNameIsUnknown(string name) => Assert.Null(SearchSorts.Parse(name));
}
