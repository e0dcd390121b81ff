using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Shop.Core.Common;

namespace Shop.Core.Search;

/// <summary>
/// The <c>cursor</c> of a search page: the last hit's position, bound by a checksum to the query
/// it came from (words, filters, order). A cursor altered, cut short or replayed against another
/// query is an <see cref="InvalidCursorException"/>; the position inside is checked again by the
/// engine, so a forged one can at worst start a page elsewhere in the same results.
/// </summary>
public static class SearchCursor
{
    private const int ChecksumBytes = 9;
    private const char Separator = '\n';

    public static string Encode(SearchQuery query, SearchPosition position)
    {
        var payload = string.Join(Separator, position.SortValues);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + Base64Url.EncodeToString(Checksum(query, payload));
    }

    public static SearchPosition Decode(SearchQuery query, string cursor)
    {
        var parts = cursor.Split('.');
        if (parts.Length == 2)
        {
            try
            {
                var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]));
                if (CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(parts[1]), Checksum(query, payload)))
                {
                    return new SearchPosition(payload.Split(Separator));
                }
            }
            catch (FormatException)
            {
                // Not base64url: the same answer as a wrong checksum, below.
            }
        }
        throw new InvalidCursorException("The cursor does not belong to this search.");
    }

    private static byte[] Checksum(SearchQuery query, string payload)
    {
        var f = query.Filters;
        var categories = f.CategoryIds is null ? "" : string.Join(",", f.CategoryIds);
        var fingerprint = string.Join(Separator,
            "shop-search-cursor-v1", query.Text?.Trim() ?? "", query.Sort, categories, f.MinPrice, f.MaxPrice,
            f.MinRating?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), f.InStock, f.SellerId, payload);
        return SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint))[..ChecksumBytes];
    }
}
