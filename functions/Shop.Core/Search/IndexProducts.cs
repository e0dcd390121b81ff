using Shop.Core.Catalog;

namespace Shop.Core.Search;

/// <summary>
/// Brings the index in line with products as they are now: an active product's document is
/// stored, a draft, archived or missing one is removed. It reads the current state rather than
/// trusting the change that triggered it, so a replayed or reordered change cannot index an old
/// state, and the versions keep a slow writer from overwriting a newer document.
/// </summary>
public sealed class IndexProducts(IProductStore products, ICategoryStore categories, IProductIndex index)
{
    private volatile bool _indexExists;

    /// <summary>Products indexed at once; each is two reads and one write.</summary>
    public const int Parallelism = 8;

    /// <summary>
    /// Indexes every product, several at a time, and answers the ones that failed, in the order
    /// given, with why. One failure does not stop the others.
    /// </summary>
    public async Task<IReadOnlyList<IndexFailure>> HandleAsync(IReadOnlyList<string> productIds, CancellationToken cancellationToken)
    {
        if (!_indexExists)
        {
            // Once per instance: a first write must not let the engine guess the mapping.
            await index.EnsureCreatedAsync(cancellationToken);
            _indexExists = true;
        }
        var names = CategoryNames.Of(await categories.ListAsync(cancellationToken));
        var failures = new Exception?[productIds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, productIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                try
                {
                    await IndexAsync(productIds[i], names, token);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    failures[i] = error;
                }
            });
        return productIds.Select((id, i) => (id, error: failures[i]))
            .Where(f => f.error is not null)
            .Select(f => new IndexFailure(f.id, f.error!))
            .ToList();
    }

    internal async Task IndexAsync(string productId, CategoryNames names, CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(productId, cancellationToken);
        if (product is null)
        {
            await index.DeleteAsync(productId, long.MaxValue, cancellationToken);
        }
        else if (ProductDocument.From(product, names.Along(product.CategoryId)) is { } document)
        {
            await index.UpsertAsync(document, cancellationToken);
        }
        else
        {
            await index.DeleteAsync(product.Id, product.Version, cancellationToken);
        }
    }
}

/// <summary>A product the index could not be brought in line with, and why.</summary>
public sealed record IndexFailure(string ProductId, Exception Error);

/// <summary>Every category's names from the root down, as documents carry them for full-text matching.</summary>
internal sealed class CategoryNames
{
    private readonly Dictionary<string, Category> _byId;

    private CategoryNames(IEnumerable<Category> categories) =>
        _byId = categories.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static CategoryNames Of(IEnumerable<Category> categories) => new(categories);

    public IReadOnlyList<string> Along(string categoryId) =>
        _byId.TryGetValue(categoryId, out var category)
            ? category.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(id => _byId.TryGetValue(id, out var step) ? step.Name : null)
                .OfType<string>()
                .ToList()
            : [];
}
