using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core;
using Shop.Core.Carts;
using Shop.Core.Common;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// Carts as one item each (<c>CART#id</c> / <c>CART</c>, lines inside: at most 50, far below the
/// 400 KB item limit), with the TTL attribute set 30 days after the last change. A member's cart
/// is also named by <c>USER#sub</c> / <c>CART</c>, written in the same transaction, so a member
/// has one cart however many devices create it at once.
/// </summary>
public sealed class DynamoDbCartStore(IAmazonDynamoDB dynamo, TableName table) : ICartStore
{
    private const string CartSortKey = "CART";
    private const string VersionMatches = "version = :version";

    public async Task<Cart?> FindAsync(string cartId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table.Value,
            Key = Key(cartId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    public async Task<Cart?> FindMemberCartAsync(string memberId, CancellationToken cancellationToken)
    {
        var link = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table.Value,
            Key = MemberKey(memberId),
            ConsistentRead = true,
        }, cancellationToken);
        if (link.Item is not { Count: > 0 } item)
        {
            return null;
        }
        var cart = await FindAsync(item.String("cartId"), cancellationToken);
        // The TTL may have removed the cart before its link: an expired cart is no cart.
        return cart?.MemberId == memberId ? cart : null;
    }

    public async Task CreateAsync(Cart cart, CancellationToken cancellationToken)
    {
        var writes = new List<TransactWriteItem> { Put(Write(cart), "attribute_not_exists(PK)") };
        if (cart.MemberId is { } memberId)
        {
            writes.Add(LinkPut(memberId, cart, ifAbsentOrExpired: true));
        }
        await TransactAsync(writes, new ConflictException("The member already has a cart."), cancellationToken);
    }

    public async Task SaveAsync(Cart cart, long expectedVersion, CancellationToken cancellationToken)
    {
        var writes = new List<TransactWriteItem> { Put(Write(cart), VersionMatches, expectedVersion) };
        if (cart.MemberId is { } memberId)
        {
            // The link expires with the cart; every change pushes both back.
            writes.Add(LinkPut(memberId, cart, ifAbsentOrExpired: false));
        }
        await TransactAsync(writes, Stale(cart), cancellationToken);
    }

    public async Task DeleteAsync(Cart cart, long expectedVersion, CancellationToken cancellationToken)
    {
        var writes = new List<TransactWriteItem>
        {
            new() { Delete = new Delete { TableName = table.Value, Key = Key(cart.Id), ConditionExpression = "version = :version", ExpressionAttributeValues = new() { [":version"] = Attr.N(expectedVersion) } } },
        };
        if (cart.MemberId is { } memberId)
        {
            writes.Add(new() { Delete = new Delete { TableName = table.Value, Key = MemberKey(memberId), ConditionExpression = "cartId = :id", ExpressionAttributeValues = new() { [":id"] = Attr.S(cart.Id) } } });
        }
        await TransactAsync(writes, Stale(cart), cancellationToken);
    }

    public async Task ClaimAsync(Cart guestCart, Cart memberCart, long? memberCartVersion, CancellationToken cancellationToken)
    {
        var memberId = memberCart.MemberId ?? throw new ArgumentException("The claiming cart must be a member's.", nameof(memberCart));
        List<TransactWriteItem> writes = memberCartVersion is { } version
            ?
            [
                new() { Delete = new Delete { TableName = table.Value, Key = Key(guestCart.Id), ConditionExpression = "version = :version", ExpressionAttributeValues = new() { [":version"] = Attr.N(guestCart.Version) } } },
                Put(Write(memberCart), VersionMatches, version),
                LinkPut(memberId, memberCart, ifAbsentOrExpired: false),
            ]
            :
            [
                Put(Write(memberCart), VersionMatches, guestCart.Version),
                LinkPut(memberId, memberCart, ifAbsentOrExpired: true),
            ];
        await TransactAsync(writes, Stale(guestCart), cancellationToken);
    }

    private TransactWriteItem Put(Dictionary<string, AttributeValue> item, string condition, long? version = null) => new()
    {
        Put = new Put
        {
            TableName = table.Value,
            Item = item,
            ConditionExpression = condition,
            ExpressionAttributeValues = version is { } v ? new() { [":version"] = Attr.N(v) } : null,
        },
    };

    /// <summary>The member's link to their cart; a new one may replace a link whose cart has expired.</summary>
    private TransactWriteItem LinkPut(string memberId, Cart cart, bool ifAbsentOrExpired)
    {
        var item = new Dictionary<string, AttributeValue>(MemberKey(memberId))
        {
            ["type"] = Attr.S("MemberCart"),
            ["cartId"] = Attr.S(cart.Id),
            [ShopNames.Table.TimeToLive] = Attr.N(cart.ExpiresAt.ToUnixTimeSeconds()),
        };
        return new TransactWriteItem
        {
            Put = ifAbsentOrExpired
                ? new Put
                {
                    TableName = table.Value,
                    Item = item,
                    ConditionExpression = "attribute_not_exists(PK) OR #ttl < :now OR cartId = :id",
                    ExpressionAttributeNames = new() { ["#ttl"] = ShopNames.Table.TimeToLive },
                    ExpressionAttributeValues = new() { [":now"] = Attr.N(cart.UpdatedAt.ToUnixTimeSeconds()), [":id"] = Attr.S(cart.Id) },
                }
                : new Put
                {
                    TableName = table.Value,
                    Item = item,
                    ConditionExpression = "cartId = :id",
                    ExpressionAttributeValues = new() { [":id"] = Attr.S(cart.Id) },
                },
        };
    }

    private async Task TransactAsync(List<TransactWriteItem> writes, Exception onRefused, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
        }
        catch (TransactionCanceledException)
        {
            throw onRefused;
        }
    }

    private static ConcurrentChangeException Stale(Cart cart) => new($"Cart {cart.Id} changed since it was read.");

    private static Dictionary<string, AttributeValue> Key(string cartId) => new()
    {
        [ShopNames.Table.PartitionKey] = Attr.S("CART#" + cartId),
        [ShopNames.Table.SortKey] = Attr.S(CartSortKey),
    };

    private static Dictionary<string, AttributeValue> MemberKey(string memberId) => new()
    {
        [ShopNames.Table.PartitionKey] = Attr.S("USER#" + memberId),
        [ShopNames.Table.SortKey] = Attr.S(CartSortKey),
    };

    private static Dictionary<string, AttributeValue> Write(Cart cart)
    {
        var item = new Dictionary<string, AttributeValue>(Key(cart.Id))
        {
            ["type"] = Attr.S("Cart"),
            ["id"] = Attr.S(cart.Id),
            ["lines"] = Attr.List(cart.Lines.Select(line => new AttributeValue
            {
                M = new Dictionary<string, AttributeValue>
                {
                    ["sku"] = Attr.S(line.Sku),
                    ["quantity"] = Attr.N(line.Quantity),
                    ["addedAt"] = Attr.S(Attr.Time(line.AddedAt)),
                },
            })),
            ["promotionCodes"] = Attr.List(cart.PromotionCodes.Select(Attr.S)),
            ["createdAt"] = Attr.S(Attr.Time(cart.CreatedAt)),
            ["updatedAt"] = Attr.S(Attr.Time(cart.UpdatedAt)),
            ["version"] = Attr.N(cart.Version),
            [ShopNames.Table.TimeToLive] = Attr.N(cart.ExpiresAt.ToUnixTimeSeconds()),
        };
        if (cart.MemberId is { } memberId)
        {
            item["memberId"] = Attr.S(memberId);
        }
        if (cart.SecretHash is { } secretHash)
        {
            item["secretHash"] = Attr.S(secretHash);
        }
        return item;
    }

    private static Cart? Read(Dictionary<string, AttributeValue> item)
    {
        var cart = new Cart(
            item.String("id"),
            item.OptionalString("memberId"),
            item.OptionalString("secretHash"),
            item.ListOf("lines").Select(line => new CartLine(
                line.M["sku"].S,
                int.Parse(line.M["quantity"].N, CultureInfo.InvariantCulture),
                Attr.ParseTime(line.M["addedAt"].S))).ToList(),
            item.ListOf("promotionCodes").Select(code => code.S).ToList(),
            Attr.ParseTime(item.String("createdAt")),
            Attr.ParseTime(item.String("updatedAt")),
            item.Long("version"));
        // DynamoDB's TTL deletes within days of expiry, not at it: an expired cart is gone already.
        return cart.ExpiresAt <= DateTimeOffset.UtcNow ? null : cart;
    }
}
