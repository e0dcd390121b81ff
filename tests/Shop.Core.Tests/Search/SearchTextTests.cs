using Shop.Core.Search;

namespace Shop.Core.Tests.Search;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("*:\"\\ -- ! ... '' ___")]
    [InlineData("🎉🔥💡")]
    public void HasNoWords_WhenTextHasNoLettersOrDigits(string? text) => Assert.Empty(SearchText.Words(text));

    [Fact]
    public void SplitsOnSpacesHyphensAndBrackets_WhenTextHasSeveralWords()
    {
        Assert.Equal(["Desk", "lamp", "LED", "40W"], SearchText.Words("  Desk-lamp, (LED) 40W! "));
    }

    [Theory]
    [InlineData("men's shoes", new[] { "men's", "shoes" })]
    [InlineData("Men’s", new[] { "Men’s" })]
    [InlineData("3.5mm jack", new[] { "3.5mm", "jack" })]
    [InlineData("1,000 pieces", new[] { "1,000", "pieces" })]
    [InlineData("e.g. lamp.", new[] { "e.g", "lamp" })]
    [InlineData("'quoted' words", new[] { "quoted", "words" })]
    [InlineData("a..b c:", new[] { "a", "b", "c" })]
    [InlineData("snake_case _x", new[] { "snake_case", "_x" })]
    [InlineData("name:desk", new[] { "name:desk" })]
    public void KeepsJoinersBetweenLettersOrDigits_AsUnicodeWordBoundariesDo(string text, string[] words)
    {
        Assert.Equal(words, SearchText.Words(text));
    }

    [Fact]
    public void KeepsQuerySyntaxOutOfWords_WhenTextIsHostile()
    {
        Assert.Equal(["name", "lamp", "AND", "a", "1", "x", "OR", "y"], SearchText.Words("name:\"lamp*\" AND {\"a\":1} \\x ||OR&& (y)"));
    }

    [Fact]
    public void KeepsLettersOfAnyScriptAndAccents_WhenTextIsNotAscii()
    {
        Assert.Equal(["Café", "crème", "naïve", "東京", "Ωmega"], SearchText.Words("Café crème/naïve 東京 Ωmega"));
    }

    [Fact]
    public void KeepsCombiningAccentWithItsLetter_WhenTextIsDecomposed()
    {
        Assert.Equal(["cafe\u0301", "x"], SearchText.Words("cafe\u0301 \u0301x"));
    }

    [Fact]
    public void SplitsOnEmojiAndLoneSurrogates_WhenTextCarriesThem()
    {
        Assert.Equal(["lamp", "desk", "x"], SearchText.Words("lamp😀desk\uD800x"));
    }
}
