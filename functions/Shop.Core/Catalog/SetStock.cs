using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>
/// A seller sets a SKU's stock to a level, or adjusts it by a delta (a delivery, a count that
/// found breakage). The store applies either in one conditional write, so concurrent adjustments
/// all count and none takes the stock below zero.
/// </summary>
public sealed class SetStock(IProductStore products)
{
    public async Task<int> HandleAsync(Caller caller, string sku, int? stock, int? delta, CancellationToken cancellationToken)
    {
        var change = Check(sku, stock, delta);
        var owner = await products.FindSkuAsync(sku, cancellationToken);
        if (owner is null || owner.SellerId != caller.UserId)
        {
            throw new NotFoundException($"No SKU {sku}.");
        }
        try
        {
            return await products.ChangeStockAsync(owner, change, cancellationToken);
        }
        catch (StockLimitException limit)
        {
            throw new ConflictException(limit.Message);
        }
    }

    private static StockChange Check(string sku, int? stock, int? delta)
    {
        var validation = new Validation();
        validation.When(!ProductRules.IsSku(sku), "sku", "Must be 1 to 64 letters, digits, '.', '_' or '-'.");
        validation.When(stock is null && delta is null, "stock", "Give either stock (the new level) or delta (a change to it).");
        validation.When(stock is not null && delta is not null, "delta", "Give either stock or delta, not both.");
        validation.When(stock is < 0 or > Variant.MaxStock, "stock", $"Must be from 0 to {Variant.MaxStock}.");
        validation.When(delta is < -Variant.MaxStock or > Variant.MaxStock, "delta", $"Must be from -{Variant.MaxStock} to {Variant.MaxStock}.");
        validation.ThrowIfAny();
        return stock is { } level ? new StockChange.SetTo(level) : new StockChange.AdjustBy(delta!.Value);
    }
}
