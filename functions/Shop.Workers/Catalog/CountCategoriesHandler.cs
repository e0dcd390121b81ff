using Shop.Core.Catalog;
using Shop.Lambda.Observability;
using Shop.Lambda.Runtime;

namespace Shop.Workers.Catalog;

/// <summary>The sample workflow's task input: whatever the execution carries, of which only the correlation id matters here.</summary>
public sealed record SampleTaskInput(string? CorrelationId);

/// <summary>The sample state machine's task: counts the category tree in DynamoDB.</summary>
public sealed class CountCategoriesHandler(CountCategories countCategories, IMetrics metrics)
    : JsonLambdaHandler<SampleTaskInput, CategoryCount>(WorkersJsonContext.Default.SampleTaskInput, WorkersJsonContext.Default.CategoryCount)
{
    protected override async Task<CategoryCount> HandleAsync(SampleTaskInput input, LambdaContext context, CancellationToken cancellationToken)
    {
        if (input.CorrelationId is { Length: > 0 } correlationId)
        {
            LogContext.SetCorrelationId(correlationId);
        }
        var count = await countCategories.HandleAsync(cancellationToken);
        metrics.Add("CategoriesCounted", count.Total);
        return count;
    }
}
