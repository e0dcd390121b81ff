using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Common;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// One listing through a sparse index: which index, which partition, which direction, the shape
/// its sort keys have (<c>&lt;order&gt;#&lt;id&gt;</c>), and how the id names the item's table key.
/// </summary>
internal sealed record IndexListing(string Index, string Partition, bool Forward, Regex SortKeyShape, Func<string, Dictionary<string, AttributeValue>> TableKey)
{
    public string PartitionAttribute => Index + "PK";
    public string SortAttribute => Index + "SK";

    /// <summary>Names the listing inside its cursors, so a cursor is only accepted by the listing that made it.</summary>
    public string Tag => $"{Index}|{Partition}|{(Forward ? "asc" : "desc")}";

    /// <summary>
    /// One page, asking for one item more than the page holds: the extra one tells whether another
    /// page follows, so the last page carries no cursor and no client fetches an empty page.
    /// </summary>
    public async Task<Page<Dictionary<string, AttributeValue>>> QueryAsync(IAmazonDynamoDB dynamo, TableName table, PageRequest page, CancellationToken cancellationToken)
    {
        var start = page.Cursor is null ? null : ListingCursor.Decode(this, page.Cursor);
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = table.Value,
                IndexName = Index,
                KeyConditionExpression = "#pk = :pk",
                ExpressionAttributeNames = new() { ["#pk"] = PartitionAttribute },
                ExpressionAttributeValues = new() { [":pk"] = Attr.S(Partition) },
                ScanIndexForward = Forward,
                Limit = page.Limit + 1 - items.Count,
                ExclusiveStartKey = start,
            }, cancellationToken);
            items.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null && items.Count <= page.Limit);
        var shown = items.Take(page.Limit).ToList();
        var cursor = items.Count > page.Limit ? ListingCursor.Encode(this, shown[^1][SortAttribute].S) : null;
        return new Page<Dictionary<string, AttributeValue>>(shown, cursor);
    }
}

/// <summary>The shapes of the index sort keys the listings page through: an order, '#', an item id.</summary>
internal static partial class SortKeyShapes
{
    /// <summary>A time as <see cref="Attr.Time"/> writes it, then the id.</summary>
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[A-Za-z0-9._-]{1,64}$")]
    public static partial Regex TimeThenId();

    /// <summary>A price in minor units, zero-padded to twelve digits, then the id.</summary>
    [GeneratedRegex(@"^\d{12}#[A-Za-z0-9._-]{1,64}$")]
    public static partial Regex PriceThenId();
}

/// <summary>
/// Paging cursors: the last item's index sort key, base64url, with a checksum over the key and the
/// listing. A cursor that was altered, cut short or made by another listing fails the checksum and
/// is refused (<see cref="InvalidCursorException"/>); the start key is rebuilt from the checked
/// value, never taken from the client as is.
/// </summary>
internal static class ListingCursor
{
    private const int ChecksumBytes = 9;

    public static string Encode(IndexListing listing, string sortKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(sortKey)) + "." + Base64Url.EncodeToString(Checksum(listing, sortKey));

    /// <summary>The start key of the page after <paramref name="cursor"/>: the item's table key and its index key.</summary>
    public static Dictionary<string, AttributeValue> Decode(IndexListing listing, string cursor)
    {
        var sortKey = SortKey(listing, cursor) ?? throw new InvalidCursorException("The cursor was not produced by this listing.");
        var key = listing.TableKey(sortKey[(sortKey.IndexOf('#') + 1)..]);
        key[listing.PartitionAttribute] = Attr.S(listing.Partition);
        key[listing.SortAttribute] = Attr.S(sortKey);
        return key;
    }

    private static string? SortKey(IndexListing listing, string cursor)
    {
        var parts = cursor.Split('.');
        if (parts.Length != 2)
        {
            return null;
        }
        try
        {
            var sortKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]));
            var checksum = Base64Url.DecodeFromChars(parts[1]);
            return CryptographicOperations.FixedTimeEquals(checksum, Checksum(listing, sortKey)) && listing.SortKeyShape.IsMatch(sortKey)
                ? sortKey
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Checksum(IndexListing listing, string sortKey) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"shop-cursor-v1\n{listing.Tag}\n{sortKey}"))[..ChecksumBytes];
}
