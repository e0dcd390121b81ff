using Shop.Core.Catalog;

namespace Shop.Core.Search;

public sealed record ReindexReport(int Indexed, int Skipped);

/// <summary>
/// Rebuilds the index from the table: clears it, then indexes every product as it is now. Safe
/// to run while the indexer works: both write current states with versions, so neither can
/// leave an older document behind.
/// </summary>
public sealed class ReindexProducts(IProductStore products, ICategoryStore categories, IProductIndex index)
{
    public async Task<ReindexReport> HandleAsync(CancellationToken cancellationToken)
    {
        await index.EnsureCreatedAsync(cancellationToken);
        await index.ClearAsync(cancellationToken);
        var names = CategoryNames.Of(await categories.ListAsync(cancellationToken));
        int indexed = 0, skipped = 0;
        await foreach (var product in products.AllAsync(cancellationToken))
        {
            if (ProductDocument.From(product, names.Along(product.CategoryId)) is { } document)
            {
                await index.UpsertAsync(document, cancellationToken);
                indexed++;
            }
            else
            {
                skipped++;
            }
        }
        await index.RefreshAsync(cancellationToken);
        return new ReindexReport(indexed, skipped);
    }
}
