using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Catalog;
using Shop.Core.Common;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// Products, variants and the SKU registry in the single table (docs/data-model.md, patterns 1–6).
/// A product and its variants share a partition; every write that touches more than one item is
/// one transaction, and every product write is conditional on the version it was read at.
/// </summary>
public sealed partial class DynamoDbProductStore(IAmazonDynamoDB dynamo, TableName table) : IProductStore
{
    private const string ConditionFailed = "ConditionalCheckFailed";
    private const string NotExists = "attribute_not_exists(PK)";
    private const string Exists = "attribute_exists(PK)";
    private const int StockConflictAttempts = 3;
    private const int BatchSize = 25;

    public async Task<Product?> FindAsync(string productId, CancellationToken cancellationToken)
    {
        // Two reads, not one query over the partition: reviews and "bought with" counts live there too.
        var product = dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table.Value,
            Key = ProductItems.ProductItemKey(productId),
            ConsistentRead = true,
        }, cancellationToken);
        var variants = QueryAllAsync(new QueryRequest
        {
            TableName = table.Value,
            KeyConditionExpression = "PK = :pk AND begins_with(SK, :sk)",
            ExpressionAttributeValues = new() { [":pk"] = Attr.S(ProductItems.ProductKey(productId)), [":sk"] = Attr.S(ProductItems.VariantPrefix) },
            ConsistentRead = true,
        }, cancellationToken);
        await Task.WhenAll(product, variants);
        return product.Result.Item is { Count: > 0 } item ? ProductItems.ToProduct(item, variants.Result) : null;
    }

    /// <summary>A scan for the product items (ids only), then each product read as <see cref="FindAsync"/> reads it.</summary>
    public async IAsyncEnumerable<Product> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.ScanAsync(new ScanRequest
            {
                TableName = table.Value,
                FilterExpression = "#type = :product",
                ProjectionExpression = "id",
                ExpressionAttributeNames = new() { ["#type"] = "type" },
                ExpressionAttributeValues = new() { [":product"] = Attr.S("Product") },
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (await FindAsync(item.String("id"), cancellationToken) is { } product)
                {
                    yield return product;
                }
            }
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }

    public async Task<SkuOwner?> FindSkuAsync(string sku, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table.Value,
            Key = ProductItems.SkuItemKey(sku),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ProductItems.ToSkuOwner(item) : null;
    }

    public Task CreateAsync(Product product, CancellationToken cancellationToken)
    {
        List<TransactWriteItem> writes = [Put(ProductItems.NewProduct(product), NotExists)];
        foreach (var variant in product.Variants)
        {
            writes.Add(Put(ProductItems.NewSku(product, variant), NotExists));
            writes.Add(Put(ProductItems.NewVariant(variant), NotExists));
        }
        return WriteAsync(writes, product, cancellationToken);
    }

    /// <summary>
    /// Writes products whose ids and SKUs are known to be new, into a table no one else writes to
    /// yet (seeding a fresh environment): the same items <see cref="CreateAsync"/> writes, in batches
    /// of puts, without a transaction's conditions.
    /// </summary>
    public async Task ImportAsync(IEnumerable<Product> products, CancellationToken cancellationToken)
    {
        var items = products.SelectMany(product => product.Variants
            .SelectMany(variant => new[] { ProductItems.NewSku(product, variant), ProductItems.NewVariant(variant) })
            .Prepend(ProductItems.NewProduct(product)));
        foreach (var batch in items.Chunk(BatchSize))
        {
            Dictionary<string, List<WriteRequest>>? pending = new()
            {
                [table.Value] = batch.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList(),
            };
            for (var attempt = 0; pending is not null; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
                }
                var response = await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
                pending = response.UnprocessedItems is { Count: > 0 } unprocessed ? unprocessed : null;
            }
        }
    }

    public async Task UpdateAsync(Product product, long expectedVersion, CancellationToken cancellationToken)
    {
        var update = ProductUpdate(product, expectedVersion);
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table.Value,
                Key = update.Key,
                UpdateExpression = update.UpdateExpression,
                ConditionExpression = update.ConditionExpression,
                ExpressionAttributeNames = update.ExpressionAttributeNames,
                ExpressionAttributeValues = update.ExpressionAttributeValues,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            throw Stale(product);
        }
        catch (TransactionConflictException)
        {
            throw Stale(product);
        }
    }

    public Task AddVariantAsync(Product product, long expectedVersion, Variant variant, CancellationToken cancellationToken) =>
        WriteAsync([
            new TransactWriteItem { Update = ProductUpdate(product, expectedVersion) },
            Put(ProductItems.NewSku(product, variant), NotExists),
            Put(ProductItems.NewVariant(variant), NotExists),
        ], product, cancellationToken);

    public Task UpdateVariantAsync(Product product, long expectedVersion, Variant variant, CancellationToken cancellationToken)
    {
        var (expression, names, values) = Attr.Update(ProductItems.ChangeableVariant(variant));
        return WriteAsync([
            new TransactWriteItem { Update = ProductUpdate(product, expectedVersion) },
            new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = table.Value,
                    Key = ProductItems.VariantKey(product.Id, variant.Sku),
                    UpdateExpression = expression,
                    ConditionExpression = Exists,
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
            },
        ], product, cancellationToken);
    }

    public Task RemoveVariantAsync(Product product, long expectedVersion, string sku, CancellationToken cancellationToken) =>
        WriteAsync([
            new TransactWriteItem { Update = ProductUpdate(product, expectedVersion) },
            new TransactWriteItem { Delete = new Delete { TableName = table.Value, Key = ProductItems.VariantKey(product.Id, sku), ConditionExpression = Exists } },
            new TransactWriteItem
            {
                Delete = new Delete
                {
                    TableName = table.Value,
                    Key = ProductItems.SkuItemKey(sku),
                    ConditionExpression = "productId = :productId",
                    ExpressionAttributeValues = new() { [":productId"] = Attr.S(product.Id) },
                },
            },
        ], product, cancellationToken);

    public async Task<int> ChangeStockAsync(SkuOwner owner, StockChange change, CancellationToken cancellationToken)
    {
        var request = StockUpdate(owner, change);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await dynamo.UpdateItemAsync(request, cancellationToken);
                return (int)response.Attributes.Long("stock");
            }
            catch (ConditionalCheckFailedException)
            {
                throw await StockRefusalAsync(owner, change, cancellationToken);
            }
            catch (TransactionConflictException) when (attempt < StockConflictAttempts)
            {
                // A transaction (a variant edit) held the item; the write did not happen and is safe to repeat.
            }
        }
    }

    public Task<Page<ProductSummary>> ListByCategoryAsync(string categoryId, ProductSort sort, PageRequest page, CancellationToken cancellationToken)
    {
        var partition = ProductItems.CategoryKey(categoryId);
        var listing = sort switch
        {
            ProductSort.PriceAscending => new IndexListing("GSI2", partition, Forward: true, SortKeyShapes.PriceThenId(), ProductItems.ProductItemKey),
            ProductSort.PriceDescending => new IndexListing("GSI2", partition, Forward: false, SortKeyShapes.PriceThenId(), ProductItems.ProductItemKey),
            _ => new IndexListing("GSI1", partition, Forward: false, SortKeyShapes.TimeThenId(), ProductItems.ProductItemKey),
        };
        return ListAsync(listing, page, cancellationToken);
    }

    public Task<Page<ProductSummary>> ListBySellerAsync(string sellerId, PageRequest page, CancellationToken cancellationToken) =>
        ListAsync(new IndexListing("GSI3", ProductItems.SellerKey(sellerId), Forward: false, SortKeyShapes.TimeThenId(), ProductItems.ProductItemKey), page, cancellationToken);

    private async Task<Page<ProductSummary>> ListAsync(IndexListing listing, PageRequest page, CancellationToken cancellationToken)
    {
        var items = await listing.QueryAsync(dynamo, table, page, cancellationToken);
        return new Page<ProductSummary>(items.Items.Select(ProductItems.ToSummary).ToList(), items.NextCursor);
    }

    private Update ProductUpdate(Product product, long expectedVersion)
    {
        var changeable = ProductItems.Changeable(product);
        var (expression, names, values) = Attr.Update(changeable, ProductItems.ListingKeys.Where(k => !changeable.ContainsKey(k)));
        names["#version"] = "version";
        values[":expected"] = Attr.N(expectedVersion);
        return new Update
        {
            TableName = table.Value,
            Key = ProductItems.ProductItemKey(product.Id),
            UpdateExpression = expression,
            ConditionExpression = "#version = :expected",
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    private UpdateItemRequest StockUpdate(SkuOwner owner, StockChange change)
    {
        var request = new UpdateItemRequest
        {
            TableName = table.Value,
            Key = ProductItems.VariantKey(owner.ProductId, owner.Sku),
            ExpressionAttributeNames = new() { ["#stock"] = "stock", ["#updatedAt"] = "updatedAt" },
            ExpressionAttributeValues = new() { [":now"] = Attr.S(Attr.Time(DateTimeOffset.UtcNow)) },
            ReturnValues = ReturnValue.UPDATED_NEW,
        };
        switch (change)
        {
            case StockChange.SetTo set:
                request.UpdateExpression = "SET #stock = :stock, #updatedAt = :now";
                request.ConditionExpression = Exists;
                request.ExpressionAttributeValues[":stock"] = Attr.N(set.Stock);
                break;
            case StockChange.AdjustBy { Delta: < 0 } take:
                // DynamoDB conditions cannot add, so "stock + delta >= 0" is written as "stock >= -delta".
                request.UpdateExpression = "SET #stock = #stock + :delta, #updatedAt = :now";
                request.ConditionExpression = $"{Exists} AND #stock >= :needed";
                request.ExpressionAttributeValues[":delta"] = Attr.N(take.Delta);
                request.ExpressionAttributeValues[":needed"] = Attr.N(-take.Delta);
                break;
            case StockChange.AdjustBy add:
                request.UpdateExpression = "SET #stock = #stock + :delta, #updatedAt = :now";
                request.ConditionExpression = $"{Exists} AND #stock <= :room";
                request.ExpressionAttributeValues[":delta"] = Attr.N(add.Delta);
                request.ExpressionAttributeValues[":room"] = Attr.N(Variant.MaxStock - add.Delta);
                break;
        }
        return request;
    }

    /// <summary>Why a stock write's condition failed, read back: the variant is gone, or the units are not there (or would be too many).</summary>
    private async Task<Exception> StockRefusalAsync(SkuOwner owner, StockChange change, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table.Value,
            Key = ProductItems.VariantKey(owner.ProductId, owner.Sku),
            ConsistentRead = true,
        }, cancellationToken);
        if (response.Item is not { Count: > 0 } item)
        {
            return new NotFoundException($"No SKU {owner.Sku}.");
        }
        var stock = (int)item.Long("stock");
        return change is StockChange.AdjustBy { Delta: < 0 } take
            ? new InsufficientStockException(owner.Sku, stock, -take.Delta)
            : new StockLimitException(owner.Sku);
    }

    private TransactWriteItem Put(Dictionary<string, AttributeValue> item, string condition) =>
        new() { Put = new Put { TableName = table.Value, Item = item, ConditionExpression = condition } };

    /// <summary>
    /// Runs a transaction and says why it was cancelled: SKU registry items that already existed
    /// mean the SKUs are taken; any other failed condition or a conflicting transaction means the
    /// product moved on since it was read.
    /// </summary>
    private async Task WriteAsync(List<TransactWriteItem> writes, Product product, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
        }
        catch (TransactionCanceledException cancelled)
        {
            var reasons = cancelled.CancellationReasons ?? [];
            var taken = writes
                .Select((write, index) => (write, reason: index < reasons.Count ? reasons[index].Code : null))
                .Where(w => w.reason == ConditionFailed && w.write.Put is { } put && put.Item["SK"].S == ProductItems.SkuSortKey)
                .Select(w => w.write.Put.Item["sku"].S)
                .ToList();
            throw taken.Count > 0 ? new SkuTakenException(taken) : Stale(product);
        }
    }

    private static ConcurrentChangeException Stale(Product product) =>
        new($"Product {product.Id} changed since it was read.");

    private async Task<List<Dictionary<string, AttributeValue>>> QueryAllAsync(QueryRequest request, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var response = await dynamo.QueryAsync(request, cancellationToken);
            items.AddRange(response.Items ?? []);
            request.ExclusiveStartKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (request.ExclusiveStartKey is not null);
        return items;
    }
}
