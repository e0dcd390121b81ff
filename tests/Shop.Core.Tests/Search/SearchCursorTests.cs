using Shop.Core.Common;
using Shop.Core.Search;

namespace Shop.Core.Tests.Search;

public sealed class SearchCursorTests
{
    private static readonly SearchQuery Query = new("desk lamp", new SearchFilters(["lighting"], MinPrice: 1000), SearchSort.PriceAscending, 21);

    [Fact]
    public void GivesBackThePosition_WhenDecodedForTheSameQuery()
    {
        var position = new SearchPosition(["4999", "p-lamp-7"]);

        var decoded = SearchCursor.Decode(Query, SearchCursor.Encode(Query, position));

        Assert.Equal(position.SortValues, decoded.SortValues);
    }

    [Fact]
    public void Refuses_WhenTheQueryChanged()
    {
        var cursor = SearchCursor.Encode(Query, new SearchPosition(["4999", "p-lamp-7"]));

        Assert.Throws<InvalidCursorException>(() => SearchCursor.Decode(Query with { Text = "desk lamps" }, cursor));
        Assert.Throws<InvalidCursorException>(() => SearchCursor.Decode(Query with { Sort = SearchSort.PriceDescending }, cursor));
        Assert.Throws<InvalidCursorException>(() => SearchCursor.Decode(Query with { Filters = Query.Filters with { MinPrice = 1001 } }, cursor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-cursor")]
    [InlineData("a.b.c")]
    [InlineData("NDk5OQpwLWxhbXAtNw.AAAAAAAAAAAA")]
    [InlineData("!!!.???")]
    public void Refuses_WhenTheCursorIsMalformedOrForged(string cursor)
    {
        Assert.Throws<InvalidCursorException>(() => SearchCursor.Decode(Query, cursor));
    }

    [Fact]
    public void Refuses_WhenThePositionWasAltered()
    {
        var cursor = SearchCursor.Encode(Query, new SearchPosition(["4999", "p-lamp-7"]));
        var altered = SearchCursor.Encode(Query, new SearchPosition(["1", "p-lamp-7"])).Split('.')[0] + "." + cursor.Split('.')[1];

        Assert.Throws<InvalidCursorException>(() => SearchCursor.Decode(Query, altered));
    }
}
