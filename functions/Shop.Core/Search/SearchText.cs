using System.Globalization;
using System.Text;

namespace Shop.Core.Search;

/// <summary>
/// How a shopper's text is cut into the words a search requires, before any engine sees it.
/// A word is a run of letters and digits (with their accents and joining underscores) that may
/// hold an apostrophe, period, colon or comma between two of them, as Unicode word boundaries
/// (UAX #29, the engines' standard tokenizer) keep them: "men's", "3.5mm", "1,000" are one word
/// each. Everything else (spaces, hyphens, slashes, quotes, brackets, <c>*</c>, <c>\</c>, ...)
/// only separates words: nothing in the text is interpreted, so it cannot change the shape of a query.
/// </summary>
public static class SearchText
{
    /// <summary>The words of <paramref name="text"/> in order, as typed (engines lower-case and fold them); none for null, blank or symbols only.</summary>
    public static IReadOnlyList<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var words = new List<string>();
        int start = -1, end = -1, index = 0;
        var afterWordCharacter = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordCharacter(rune, continuing: afterWordCharacter))
            {
                start = start < 0 ? index : start;
                end = index + rune.Utf16SequenceLength;
                afterWordCharacter = true;
            }
            else if (start >= 0 && afterWordCharacter && IsJoiner(rune))
            {
                // Part of the word only if a letter or digit follows; otherwise the word ends at `end`.
                afterWordCharacter = false;
            }
            else
            {
                Add(words, text, start, end);
                start = -1;
                afterWordCharacter = false;
            }
            index += rune.Utf16SequenceLength;
        }
        Add(words, text, start, end);
        return words;
    }

    private static void Add(List<string> words, string text, int start, int end)
    {
        if (start < 0)
        {
            return;
        }
        var word = text[start..end];
        // Underscores alone are no word: engines index none for them.
        if (word.EnumerateRunes().Any(Rune.IsLetterOrDigit))
        {
            words.Add(word);
        }
    }

    private static bool IsWordCharacter(Rune rune, bool continuing) =>
        Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.ConnectorPunctuation => true,
            // A combining accent (e + U+0301 = é) belongs to the letter before it.
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => continuing,
            _ => false,
        };

    // UAX #29's MidLetter, MidNum and MidNumLet: ' . : , ; and their typographic and full-width forms.
    private static bool IsJoiner(Rune rune) => rune.Value is
        '\'' or '.' or ':' or ',' or ';' or 0x00B7 or 0x0387 or 0x055F or 0x05F4 or 0x060C or 0x060D or 0x066C or 0x07F8
        or 0x2018 or 0x2019 or 0x2024 or 0x2027 or 0x2044 or 0xFE10 or 0xFE13 or 0xFE14 or 0xFE50 or 0xFE52 or 0xFE54 or 0xFE55
        or 0xFF07 or 0xFF0C or 0xFF0E or 0xFF1A or 0xFF1B;
}
