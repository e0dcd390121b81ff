using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>A seller's own products in every status, most recently changed first.</summary>
public sealed class ListSellerProducts(IProductStore products)
{
    public Task<Page<ProductSummary>> HandleAsync(Caller caller, PageRequest page, CancellationToken cancellationToken) =>
        products.ListBySellerAsync(caller.UserId, page, cancellationToken);
}
