using Microsoft.Extensions.Logging;
using Shop.Core;
using Shop.Core.Search;
using Shop.Lambda.Events;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Workers.Search;

/// <summary>
/// The search indexer on the table's stream: each batch names the products whose items changed
/// (product, variant or SKU stock items share the product's partition), and each is indexed as
/// it is now, several at a time. When some fail, Lambda resumes the shard from the first failed
/// product's first record, so it and everything after it are tried again (indexing the current
/// state twice changes nothing).
/// </summary>
public sealed class IndexProductsHandler(IndexProducts indexProducts, IMetrics metrics, ILogger<IndexProductsHandler> log)
    : JsonLambdaHandler<DynamoDbStreamEvent, StreamsEventResponse>(
        WorkersJsonContext.Default.DynamoDbStreamEvent, WorkersJsonContext.Default.StreamsEventResponse)
{
    private const string ProductPartition = ShopNames.Table.ProductPartitionPrefix;

    protected override async Task<StreamsEventResponse> HandleAsync(DynamoDbStreamEvent input, LambdaContext context, CancellationToken cancellationToken)
    {
        var changed = ChangedProducts(input);
        var failures = await indexProducts.HandleAsync(changed.Select(c => c.ProductId).ToList(), cancellationToken);
        metrics.Add("ProductsIndexed", changed.Count - failures.Count);
        if (failures.Count == 0)
        {
            return StreamsEventResponse.From([]);
        }
        foreach (var failure in failures)
        {
            log.LogError(failure.Error, "Indexing product {ProductId} failed", failure.ProductId);
        }
        metrics.Add("ProductsIndexFailed", failures.Count);
        // The shard resumes at the first failed product's first record: it and everything after are tried again.
        var first = changed.First(c => c.ProductId == failures[0].ProductId);
        return StreamsEventResponse.From([first.FirstSequence]);
    }

    /// <summary>Each product the batch touches, once, with the sequence number of its first record, in the batch's order.</summary>
    internal static IReadOnlyList<(string ProductId, string FirstSequence)> ChangedProducts(DynamoDbStreamEvent input)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changed = new List<(string, string)>();
        foreach (var record in input.Records)
        {
            if (record.Dynamodb.Keys.TryGetValue("PK", out var key) && key.Type == DynamoDbType.S
                && key.AsString() is { } partition && partition.StartsWith(ProductPartition, StringComparison.Ordinal)
                && seen.Add(partition))
            {
                changed.Add((partition[ProductPartition.Length..], record.Dynamodb.SequenceNumber));
            }
        }
        return changed;
    }
}
