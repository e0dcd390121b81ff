using Shop.Core.Health;
using Shop.Core.Search;

namespace Shop.Adapters.Search;

/// <summary>The search engine answers: the OpenSearch domain in AWS, the embedded engine locally.</summary>
public sealed class ProductIndexProbe(IProductIndex index, string engine) : IDependencyProbe
{
    public string Name => "search";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        await index.PingAsync(cancellationToken);
        return engine;
    }
}
