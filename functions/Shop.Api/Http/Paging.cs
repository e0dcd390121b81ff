using System.Globalization;
using Shop.Core.Common;

namespace Shop.Api.Http;

public static class Paging
{
    /// <summary>Reads <c>limit</c> (1–100, default 20) and <c>cursor</c> from the query, or the problem naming the bad one.</summary>
    public static (PageRequest? Page, IResult? Problem) Read(HttpRequest request)
    {
        var limitText = request.Query["limit"].ToString();
        var limit = PageRequest.DefaultLimit;
        if (limitText.Length > 0
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > PageRequest.MaxLimit))
        {
            return (null, Problems.Validation("limit", $"Must be a whole number from 1 to {PageRequest.MaxLimit}."));
        }
        var cursor = request.Query["cursor"].ToString();
        if (cursor.Length > 2048)
        {
            return (null, Problems.Validation("cursor", "Is not a cursor this listing produced."));
        }
        return (new PageRequest(limit, cursor.Length == 0 ? null : cursor), null);
    }

    public static IResult InvalidCursor() => Problems.Validation("cursor", "Is not a cursor this listing produced.");
}
