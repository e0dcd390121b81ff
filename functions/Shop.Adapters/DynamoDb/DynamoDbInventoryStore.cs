using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Inventory;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// Holds as items <c>HOLD#&lt;orderId&gt;</c> / <c>HOLD</c> next to the variants' stock they took. A held
/// hold is in the sparse index <c>GSI1</c> (<c>HOLDS#held</c>, by expiry) until it is released or
/// committed, so the expired ones are found without a scan.
/// </summary>
public sealed class DynamoDbInventoryStore(IAmazonDynamoDB dynamo, TableName table) : IInventoryStore
{
    private const string SortKey = "HOLD";
    private const string HeldPartition = "HOLDS#held";
    private const int ConflictAttempts = 5;

    public async Task<InventoryHold> HoldAsync(string orderId, IReadOnlyList<HoldLine> lines, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        // One transaction touches an item once: lines of one SKU are held together.
        var merged = lines.GroupBy(l => l.Sku).Select(g => new HoldLine(g.Key, g.First().ProductId, g.Sum(l => l.Quantity))).ToList();
        if (merged.Count == 0 || merged.Count > 99 || merged.Any(l => l.Quantity <= 0))
        {
            throw new ArgumentException("A hold takes 1 to 99 SKUs, each at least one unit.", nameof(lines));
        }
        var hold = new InventoryHold(orderId, merged, HoldStatus.Held, now, expiresAt);
        var writes = new List<TransactWriteItem>
        {
            new() { Put = new Put { TableName = table.Value, Item = Write(hold), ConditionExpression = "attribute_not_exists(PK)" } },
        };
        writes.AddRange(merged.Select(line => new TransactWriteItem
        {
            Update = new Update
            {
                TableName = table.Value,
                Key = ProductItems.VariantKey(line.ProductId, line.Sku),
                UpdateExpression = "SET stock = stock - :units",
                ConditionExpression = "attribute_exists(PK) AND stock >= :units",
                ExpressionAttributeValues = new() { [":units"] = Attr.N(line.Quantity) },
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            },
        }));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
                return hold;
            }
            catch (TransactionCanceledException cancelled)
            {
                var reasons = cancelled.CancellationReasons ?? [];
                if (reasons.Count > 0 && reasons[0].Code == "ConditionalCheckFailed")
                {
                    // The order holds already (the step ran before): answer that hold, whatever became of it.
                    return await FindAsync(orderId, cancellationToken) ?? throw new ConcurrentChangeException($"The hold of order {orderId} vanished while it was read.");
                }
                var failed = reasons.Select((reason, index) => (reason, index)).FirstOrDefault(r => r.index > 0 && r.reason.Code == "ConditionalCheckFailed");
                if (failed.reason is not null)
                {
                    var line = merged[failed.index - 1];
                    var available = failed.reason.Item is { } item && item.TryGetValue("stock", out var stock) ? int.Parse(stock.N, CultureInfo.InvariantCulture) : 0;
                    throw new InsufficientStockException(line.Sku, available, line.Quantity);
                }
                if (attempt >= ConflictAttempts)
                {
                    throw new ConcurrentChangeException($"Holding stock for order {orderId} kept meeting other transactions.");
                }
                // TransactionConflict: another transaction held one of the items; nothing was applied, so try again.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt * attempt), cancellationToken);
            }
        }
    }

    public Task<bool> ReleaseAsync(string orderId, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveAsync(orderId, HoldStatus.Held, HoldStatus.Released, now, cancellationToken);

    public Task<bool> RestockAsync(string orderId, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveAsync(orderId, HoldStatus.Committed, HoldStatus.Restocked, now, cancellationToken);

    public async Task<bool> CommitAsync(string orderId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hold = await FindAsync(orderId, cancellationToken);
        if (hold?.Status == HoldStatus.Released)
        {
            throw new ConflictException($"The hold of order {orderId} was released; its units are back in stock.");
        }
        return await MoveAsync(orderId, HoldStatus.Held, HoldStatus.Committed, now, cancellationToken);
    }

    /// <summary>
    /// Moves a hold from <paramref name="from"/> to <paramref name="status"/> (and, for a release or a
    /// restock, its units back to stock) in one transaction, once.
    /// </summary>
    private async Task<bool> MoveAsync(string orderId, HoldStatus from, HoldStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var hold = await FindAsync(orderId, cancellationToken);
            if (hold is null || hold.Status != from)
            {
                return false;
            }
            var writes = new List<TransactWriteItem>
            {
                new()
                {
                    Update = new Update
                    {
                        TableName = table.Value,
                        Key = ProductItems.Key(Partition(orderId), SortKey),
                        UpdateExpression = "SET #status = :status, finishedAt = :at REMOVE GSI1PK, GSI1SK",
                        ConditionExpression = "#status = :from",
                        ExpressionAttributeNames = new() { ["#status"] = "status" },
                        ExpressionAttributeValues = new() { [":status"] = Attr.S(Name(status)), [":from"] = Attr.S(Name(from)), [":at"] = Attr.S(Attr.Time(now)) },
                    },
                },
            };
            if (status is HoldStatus.Released or HoldStatus.Restocked)
            {
                var existing = await ExistingVariantsAsync(hold.Lines, cancellationToken);
                writes.AddRange(hold.Lines.Where(l => existing.Contains(l.Sku)).Select(line => new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = table.Value,
                        Key = ProductItems.VariantKey(line.ProductId, line.Sku),
                        UpdateExpression = "SET stock = stock + :units",
                        ConditionExpression = "attribute_exists(PK)",
                        ExpressionAttributeValues = new() { [":units"] = Attr.N(line.Quantity) },
                    },
                }));
            }
            try
            {
                await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
                return true;
            }
            catch (TransactionCanceledException) when (attempt < ConflictAttempts)
            {
                // Another call finished the hold first (read again: it is no longer held), a variant was
                // removed meanwhile, or a conflicting transaction: nothing was applied; decide again.
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), cancellationToken);
            }
        }
    }

    private async Task<HashSet<string>> ExistingVariantsAsync(IReadOnlyList<HoldLine> lines, CancellationToken cancellationToken)
    {
        var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new()
            {
                [table.Value] = new KeysAndAttributes
                {
                    Keys = lines.Select(l => ProductItems.VariantKey(l.ProductId, l.Sku)).ToList(),
                    ProjectionExpression = "sku",
                    ConsistentRead = true,
                },
            },
        }, cancellationToken);
        if (response.UnprocessedKeys is { Count: > 0 })
        {
            // Rare (throttling); treating every line as present makes the transaction fail and be decided again.
            return lines.Select(l => l.Sku).ToHashSet(StringComparer.Ordinal);
        }
        return (response.Responses.GetValueOrDefault(table.Value) ?? []).Select(item => item.String("sku")).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<InventoryHold?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = table.Value, Key = ProductItems.Key(Partition(orderId), SortKey), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    public async Task<IReadOnlyList<string>> ExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = table.Value,
            IndexName = "GSI1",
            KeyConditionExpression = "GSI1PK = :held AND GSI1SK < :now",
            ExpressionAttributeValues = new() { [":held"] = Attr.S(HeldPartition), [":now"] = Attr.S(Attr.Time(now)) },
            Limit = limit,
        }, cancellationToken);
        return (response.Items ?? []).Select(item => item.String("orderId")).ToList();
    }

    private static string Partition(string orderId) => "HOLD#" + orderId;

    private static string Name(HoldStatus status) => status.ToString().ToLowerInvariant();

    private static Dictionary<string, AttributeValue> Write(InventoryHold hold) => new(ProductItems.Key(Partition(hold.OrderId), SortKey))
    {
        ["type"] = Attr.S("Hold"),
        ["orderId"] = Attr.S(hold.OrderId),
        ["status"] = Attr.S(Name(hold.Status)),
        ["lines"] = Attr.List(hold.Lines.Select(line => new AttributeValue
        {
            M = new Dictionary<string, AttributeValue>
            {
                ["sku"] = Attr.S(line.Sku),
                ["productId"] = Attr.S(line.ProductId),
                ["quantity"] = Attr.N(line.Quantity),
            },
        })),
        ["createdAt"] = Attr.S(Attr.Time(hold.CreatedAt)),
        ["holdUntil"] = Attr.S(Attr.Time(hold.ExpiresAt)),
        ["GSI1PK"] = Attr.S(HeldPartition),
        ["GSI1SK"] = Attr.S(Attr.Time(hold.ExpiresAt) + "#" + hold.OrderId),
    };

    private static InventoryHold Read(Dictionary<string, AttributeValue> item) => new(
        item.String("orderId"),
        item.ListOf("lines").Select(line => new HoldLine(line.M["sku"].S, line.M["productId"].S, int.Parse(line.M["quantity"].N, CultureInfo.InvariantCulture))).ToList(),
        Enum.Parse<HoldStatus>(item.String("status"), ignoreCase: true),
        Attr.ParseTime(item.String("createdAt")),
        Attr.ParseTime(item.String("holdUntil")));
}
