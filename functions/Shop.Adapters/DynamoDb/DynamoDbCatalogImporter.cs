using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Catalog;
using Shop.Core.Uploads;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// Upserts a chunk of checked rows by seller and SKU (docs/data-model.md, pattern 20c). Reads first
/// (SKU registry and product items in BatchGetItem, the variants of products that already exist in
/// parallel queries), decides every row, then claims the SKUs with conditional puts (a SKU of
/// another seller is never taken, whatever races) sent 100 to a TransactWriteItems request (one
/// request instead of a hundred: twice the write units, but a chunk no longer waits on 500 round
/// trips; a lost claim is named by the cancellation reasons and the rest sent again), and writes
/// products and variants with BatchWriteItem, 25 at a time, several requests in flight,
/// unprocessed items retried with backoff.
/// A new product's id is derived from the seller and the row's <c>product_id</c> (or SKU), so a
/// chunk written again after a crash lands on the same items: the import is idempotent.
/// </summary>
public sealed class DynamoDbCatalogImporter(IAmazonDynamoDB dynamo, TableName table, TimeProvider clock, int parallelism = 8) : ICatalogImporter
{
    private const int BatchWriteSize = 25;
    private const int BatchGetSize = 100;
    private const int TransactionSize = 100;
    private const int MaxAttempts = 8;

    public async Task<IReadOnlyList<RowError>> ImportAsync(string sellerId, string uploadId, IReadOnlyList<CatalogRow> rows, CancellationToken cancellationToken)
    {
        var errors = new List<RowError>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var accepted = new List<CatalogRow>(rows.Count);
        foreach (var row in rows)
        {
            if (seen.TryGetValue(row.Sku, out var earlier))
            {
                errors.Add(new RowError(row.Number, CatalogColumns.Sku, $"Appears again: row {earlier} of this file has this SKU."));
                continue;
            }
            seen[row.Sku] = row.Number;
            accepted.Add(row);
        }
        var registry = await BatchGetAsync(accepted.Select(r => ProductItems.SkuItemKey(r.Sku)), cancellationToken);
        var placed = new List<(CatalogRow Row, string ProductId)>(accepted.Count);
        foreach (var row in accepted)
        {
            if (registry.TryGetValue(ProductItems.SkuKey(row.Sku), out var owner))
            {
                if (owner.String("sellerId") != sellerId)
                {
                    errors.Add(new RowError(row.Number, CatalogColumns.Sku, "Belongs to another seller's product."));
                    continue;
                }
                if (owner.OptionalString("uploadId") == uploadId && owner.Long("uploadRow") != row.Number)
                {
                    errors.Add(new RowError(row.Number, CatalogColumns.Sku, $"Appears again: row {owner.Long("uploadRow")} of this file has this SKU."));
                    continue;
                }
                placed.Add((row, owner.String("productId")));
            }
            else
            {
                placed.Add((row, ProductId(sellerId, row.ProductKey)));
            }
        }
        var existing = await ExistingProductsAsync(placed.Select(p => p.ProductId).Distinct().ToList(), cancellationToken);
        var now = clock.GetUtcNow();
        var (products, refused) = Build(sellerId, placed, existing, now);
        errors.AddRange(refused);
        var lost = await ClaimAsync(sellerId, uploadId, products, cancellationToken);
        if (lost.Count > 0)
        {
            // Another seller claimed a SKU between the read and the claim: those rows are refused, the rest built again without them.
            errors.AddRange(lost.Select(r => new RowError(r.Row, CatalogColumns.Sku, "Belongs to another seller's product.")));
            var lostSkus = lost.Select(r => r.Sku).ToHashSet(StringComparer.Ordinal);
            (products, refused) = Build(sellerId, placed.Where(p => !lostSkus.Contains(p.Row.Sku)).ToList(), existing, now);
            errors.AddRange(refused);
        }
        await WriteAsync(products.SelectMany(p => p.Variants.Where(v => p.Written.Contains(v.Sku)).Select(ProductItems.NewVariant).Prepend(ProductItems.NewProduct(p.Product))), cancellationToken);
        return errors;
    }

    /// <summary>A new product's id: the same for the same seller and product key, whichever chunk or retry writes it.</summary>
    public static string ProductId(string sellerId, string productKey) =>
        "p-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sellerId + "\n" + productKey)))[..16];

    private sealed record Built(Product Product, IReadOnlyList<Variant> Variants, HashSet<string> Written, IReadOnlyDictionary<string, long> Rows);

    private static (List<Built> Products, List<RowError> Errors) Build(
        string sellerId, IReadOnlyList<(CatalogRow Row, string ProductId)> placed, IReadOnlyDictionary<string, Product> existing, DateTimeOffset now)
    {
        var errors = new List<RowError>();
        var built = new List<Built>();
        foreach (var group in placed.GroupBy(p => p.ProductId, StringComparer.Ordinal))
        {
            var rows = group.Select(g => g.Row).OrderBy(r => r.Number).ToList();
            existing.TryGetValue(group.Key, out var current);
            var first = rows[0];
            var options = current?.Options ?? first.OptionNames;
            var currency = current is { Variants.Count: > 0 } ? current.MinPrice.Currency : first.Price.Currency;
            var variants = (current?.Variants ?? []).ToDictionary(v => v.Sku, StringComparer.Ordinal);
            var written = new HashSet<string>(StringComparer.Ordinal);
            var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var row in rows)
            {
                if (!row.OptionNames.SequenceEqual(options, StringComparer.Ordinal))
                {
                    errors.Add(new RowError(row.Number, CatalogColumns.Option1Name, options.Count == 0
                        ? "Must be empty: this product's variants have no options."
                        : $"Must name this product's options, in order: {string.Join(", ", options)}."));
                    continue;
                }
                if (row.Price.Currency != currency)
                {
                    errors.Add(new RowError(row.Number, CatalogColumns.Currency, $"Must be {currency}: a product is priced in one currency."));
                    continue;
                }
                if (!variants.ContainsKey(row.Sku) && variants.Count >= Product.MaxVariants)
                {
                    errors.Add(new RowError(row.Number, CatalogColumns.Sku, $"The product already has {Product.MaxVariants} variants, the most a product can have."));
                    continue;
                }
                if (variants.Values.FirstOrDefault(v => v.Sku != row.Sku && ProductRules.SameOptions(v.Options, row.Options)) is { } twin)
                {
                    errors.Add(new RowError(row.Number, CatalogColumns.Option1Value, $"SKU {twin.Sku} of this product has the same options."));
                    continue;
                }
                // The file sets the stock: an upload is the seller's statement of what they have.
                variants[row.Sku] = new Variant(row.Sku, group.Key, row.Options, row.Price, row.Stock, now);
                written.Add(row.Sku);
                numbers[row.Sku] = row.Number;
            }
            if (written.Count == 0)
            {
                continue;
            }
            var lead = rows.First(r => written.Contains(r.Sku));
            var all = variants.Values.OrderBy(v => v.Sku, StringComparer.Ordinal).ToList();
            var product = current is null
                ? new Product(group.Key, sellerId, lead.Name, lead.Brand, lead.Description, lead.CategoryId, new Dictionary<string, string>(), options, [],
                    ProductStatus.Active, Rating.None, now, now, 1, all)
                : (current with { Name = lead.Name, Brand = lead.Brand, Description = lead.Description, CategoryId = lead.CategoryId, Variants = all }).Changed(now);
            built.Add(new Built(product, all, written, numbers));
        }
        return (built, errors);
    }

    private async Task<Dictionary<string, Product>> ExistingProductsAsync(IReadOnlyList<string> productIds, CancellationToken cancellationToken)
    {
        var items = await BatchGetAsync(productIds.Select(ProductItems.ProductItemKey), cancellationToken);
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(parallelism);
        await Task.WhenAll(items.Values.Select(async item =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var variants = await VariantsAsync(item.String("id"), cancellationToken);
                lock (products)
                {
                    products[item.String("id")] = ProductItems.ToProduct(item, variants);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return products;
    }

    private async Task<List<Dictionary<string, AttributeValue>>> VariantsAsync(string productId, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = table.Value,
                KeyConditionExpression = "PK = :pk AND begins_with(SK, :sk)",
                ExpressionAttributeValues = new() { [":pk"] = Attr.S(ProductItems.ProductKey(productId)), [":sk"] = Attr.S(ProductItems.VariantPrefix) },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return items;
    }

    /// <summary>Items by partition key, read in batches of 100, unprocessed keys asked again.</summary>
    private async Task<Dictionary<string, Dictionary<string, AttributeValue>>> BatchGetAsync(IEnumerable<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Dictionary<string, AttributeValue>>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(parallelism);
        await Task.WhenAll(keys.Chunk(BatchGetSize).Select(async chunk =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var pending = new KeysAndAttributes { Keys = chunk.ToList(), ConsistentRead = true };
                for (var attempt = 0; pending is { Keys.Count: > 0 }; attempt++)
                {
                    await BackoffAsync(attempt, cancellationToken);
                    var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = new() { [table.Value] = pending } }, cancellationToken);
                    lock (found)
                    {
                        foreach (var item in response.Responses?.GetValueOrDefault(table.Value) ?? [])
                        {
                            found[item.String("PK")] = item;
                        }
                    }
                    pending = response.UnprocessedKeys?.GetValueOrDefault(table.Value);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return found;
    }

    /// <summary>
    /// Writes the SKU registry items of the written variants, each a put conditional on the SKU
    /// being free or this seller's (and product's), in transactions of 100, <c>parallelism</c> in
    /// flight. A transaction is all or nothing: when claims in it fail their condition, they are
    /// the lost ones and the others are sent again without them. Answers the rows whose SKU
    /// another seller holds.
    /// </summary>
    private async Task<List<(long Row, string Sku)>> ClaimAsync(string sellerId, string uploadId, IReadOnlyList<Built> products, CancellationToken cancellationToken)
    {
        var claims = products.SelectMany(p => p.Written.Select(sku => (Product: p, Sku: sku))).ToList();
        var lost = new List<(long Row, string Sku)>();
        await Parallel.ForEachAsync(claims.Chunk(TransactionSize), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (batch, token) =>
        {
            var pending = batch.ToList();
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException($"Claiming {pending.Count} SKUs kept meeting other transactions after {MaxAttempts} attempts.");
                }
                await BackoffAsync(attempt, token);
                try
                {
                    await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
                    {
                        TransactItems = pending.Select(c => new TransactWriteItem { Put = Claim(sellerId, uploadId, c.Product, c.Sku) }).ToList(),
                    }, token);
                    return;
                }
                catch (TransactionCanceledException cancelled)
                {
                    var reasons = cancelled.CancellationReasons ?? [];
                    var refused = pending.Where((_, index) => index < reasons.Count && reasons[index].Code == "ConditionalCheckFailed").ToList();
                    lock (lost)
                    {
                        lost.AddRange(refused.Select(c => (c.Product.Rows[c.Sku], c.Sku)));
                    }
                    // Without refused claims, the cancellation was a conflict with another transaction: nothing was written, so all go again.
                    pending = pending.Except(refused).ToList();
                    attempt = refused.Count > 0 ? -1 : attempt;
                }
            }
        });
        return lost;
    }

    private Put Claim(string sellerId, string uploadId, Built product, string sku)
    {
        var variant = product.Variants.First(v => v.Sku == sku);
        var item = ProductItems.NewSku(product.Product, variant);
        item["uploadId"] = Attr.S(uploadId);
        item["uploadRow"] = Attr.N(product.Rows[sku]);
        return new Put
        {
            TableName = table.Value,
            Item = item,
            ConditionExpression = "attribute_not_exists(PK) OR (sellerId = :seller AND productId = :product)",
            ExpressionAttributeValues = new() { [":seller"] = Attr.S(sellerId), [":product"] = Attr.S(product.Product.Id) },
        };
    }

    /// <summary>Puts in BatchWriteItem requests of 25, <c>parallelism</c> in flight, unprocessed items retried with backoff.</summary>
    private async Task WriteAsync(IEnumerable<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(parallelism);
        await Task.WhenAll(items.Chunk(BatchWriteSize).Select(async chunk =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await BatchWriteAsync(dynamo, table.Value, chunk, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>One BatchWriteItem of up to 25 puts, repeated for its unprocessed items until none are left.</summary>
    public static async Task BatchWriteAsync(IAmazonDynamoDB dynamo, string table, IReadOnlyList<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        Dictionary<string, List<WriteRequest>>? pending = new()
        {
            [table] = items.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } }).ToList(),
        };
        for (var attempt = 0; pending is not null; attempt++)
        {
            if (attempt >= MaxAttempts)
            {
                throw new InvalidOperationException($"BatchWriteItem left items unprocessed after {MaxAttempts} attempts.");
            }
            await BackoffAsync(attempt, cancellationToken);
            var response = await dynamo.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
            pending = response.UnprocessedItems is { Count: > 0 } unprocessed && unprocessed.Values.Any(v => v.Count > 0) ? unprocessed : null;
        }
    }

    /// <summary>Exponential backoff with full jitter: nothing before the first attempt, then up to 50 ms, 100 ms, ... 3.2 s.</summary>
    private static Task BackoffAsync(int attempt, CancellationToken cancellationToken) =>
        attempt == 0
            ? Task.CompletedTask
            : Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, (int)Math.Min(3200, 25 * Math.Pow(2, attempt)))), cancellationToken);
}
