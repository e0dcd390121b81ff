using System.Buffers.Text;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core;
using Shop.Core.Common;
using Shop.Core.Notifications;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// A member's notifications in their partition, <c>USER#sub</c> / <c>NOTIFICATION#&lt;time&gt;#&lt;id&gt;</c>,
/// kept 90 days. The put is conditional on the key being new, so a redelivered event adds nothing.
/// </summary>
public sealed partial class DynamoDbNotificationStore(IAmazonDynamoDB dynamo, TableName table) : INotificationStore
{
    private const string Prefix = "NOTIFICATION#";
    private static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    public async Task<bool> AddAsync(Notification notification, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [ShopNames.Table.PartitionKey] = Attr.S("USER#" + notification.MemberId),
            [ShopNames.Table.SortKey] = Attr.S($"{Prefix}{Attr.Time(notification.CreatedAt)}#{notification.Id}"),
            ["type"] = Attr.S("Notification"),
            ["id"] = Attr.S(notification.Id),
            ["memberId"] = Attr.S(notification.MemberId),
            ["kind"] = Attr.S(notification.Type),
            ["title"] = Attr.S(notification.Title),
            ["createdAt"] = Attr.S(Attr.Time(notification.CreatedAt)),
            [ShopNames.Table.TimeToLive] = Attr.N((notification.CreatedAt + Retention).ToUnixTimeSeconds()),
        };
        if (notification.OrderId is { } orderId)
        {
            item["orderId"] = Attr.S(orderId);
        }
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest { TableName = table.Value, Item = item, ConditionExpression = "attribute_not_exists(PK)" }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<Page<Notification>> ListAsync(string memberId, PageRequest page, CancellationToken cancellationToken)
    {
        var partition = "USER#" + memberId;
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = table.Value,
            KeyConditionExpression = "PK = :pk AND begins_with(SK, :prefix)",
            ExpressionAttributeValues = new() { [":pk"] = Attr.S(partition), [":prefix"] = Attr.S(Prefix) },
            ScanIndexForward = false,
            Limit = page.Limit,
            ExclusiveStartKey = page.Cursor is null ? null : new()
            {
                [ShopNames.Table.PartitionKey] = Attr.S(partition),
                [ShopNames.Table.SortKey] = Attr.S(DecodeCursor(page.Cursor)),
            },
        }, cancellationToken);
        var items = (response.Items ?? []).Select(item => new Notification(
            item.String("id"), item.String("memberId"), item.String("kind"), item.String("title"),
            item.OptionalString("orderId"), Attr.ParseTime(item.String("createdAt")))).ToList();
        var cursor = response.LastEvaluatedKey is { Count: > 0 } last
            ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(last[ShopNames.Table.SortKey].S))
            : null;
        return new Page<Notification>(items, cursor);
    }

    /// <summary>A cursor is the last sort key; only that shape is accepted, and only in the caller's own partition.</summary>
    private static string DecodeCursor(string cursor)
    {
        try
        {
            var sortKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return SortKeyShape().IsMatch(sortKey) ? sortKey : throw new InvalidCursorException("Not a cursor of this listing.");
        }
        catch (FormatException)
        {
            throw new InvalidCursorException("Not a cursor of this listing.");
        }
    }

    [GeneratedRegex(@"^NOTIFICATION#\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z#[0-9a-f-]{36}$")]
    private static partial Regex SortKeyShape();
}
