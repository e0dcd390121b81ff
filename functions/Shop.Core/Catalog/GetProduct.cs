using Shop.Core.Common;

namespace Shop.Core.Catalog;

/// <summary>The storefront's product page: listed (active) products only; anything else does not exist for shoppers.</summary>
public sealed class GetProduct(IProductStore products)
{
    public async Task<Product> HandleAsync(string productId, CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(productId, cancellationToken);
        return product is { Status: ProductStatus.Active } ? product : throw new NotFoundException($"No product {productId}.");
    }
}
