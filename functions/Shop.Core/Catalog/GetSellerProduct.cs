using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>A seller reads one of their own products, in any status.</summary>
public sealed class GetSellerProduct(IProductStore products)
{
    public Task<Product> HandleAsync(Caller caller, string productId, CancellationToken cancellationToken) =>
        products.FindOwnedAsync(caller, productId, cancellationToken);
}
