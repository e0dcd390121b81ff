using Shop.Core.Search;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Workers.Search;

/// <summary>What a reindex invocation carries: nothing it needs; any JSON object is accepted.</summary>
public sealed record ReindexRequest;

/// <summary>Rebuilds the search index from the table: <c>./shop reindex</c> locally, a manual invoke in AWS.</summary>
public sealed class ReindexProductsHandler(ReindexProducts reindex, IMetrics metrics)
    : JsonLambdaHandler<ReindexRequest, ReindexReport>(WorkersJsonContext.Default.ReindexRequest, WorkersJsonContext.Default.ReindexReport)
{
    protected override async Task<ReindexReport> HandleAsync(ReindexRequest input, LambdaContext context, CancellationToken cancellationToken)
    {
        var report = await reindex.HandleAsync(cancellationToken);
        metrics.Add("ProductsReindexed", report.Indexed);
        return report;
    }
}
