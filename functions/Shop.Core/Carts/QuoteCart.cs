using Shop.Core.Catalog;
using Shop.Core.Pricing;
using Shop.Core.Promotions;

namespace Shop.Core.Carts;

/// <summary>Where the cart would go and how: the breakdown's shipping and tax depend on it.</summary>
public sealed record CheckoutOptions(string ShippingOption, Destination Destination)
{
    /// <summary>What a cart shows before the shopper says where it goes: standard shipping to the shop's home country.</summary>
    public static readonly CheckoutOptions Default = new("standard", new Destination("DE", null));
}

/// <summary>Why a line cannot be bought as it stands.</summary>
public static class CartLineProblems
{
    /// <summary>The SKU left the catalog, or its product is not listed.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Fewer units are in stock than the line asks for.</summary>
    public const string InsufficientStock = "insufficient_stock";
}

/// <summary>A cart line as the shopper sees it: the catalog's current name and price, and whether it can be bought.</summary>
public sealed record CartItem(
    string Sku,
    string? ProductId,
    string? SellerId,
    string? Name,
    IReadOnlyDictionary<string, string> Options,
    int Quantity,
    Money? UnitPrice,
    int Available,
    string? Problem);

/// <summary>A cart priced now: its items and, if anything in it can be bought, the full breakdown.</summary>
public sealed record CartQuote(Cart Cart, IReadOnlyList<CartItem> Items, PriceBreakdown? Breakdown)
{
    public bool IsOrderable => Breakdown is not null && Items.All(i => i.Problem is null);
}

/// <summary>
/// Prices a cart on the server from the catalog as it is now (prices, stock, listing status), the
/// promotions its codes name and their usage so far, the shipping option and the destination.
/// Lines that cannot be bought are shown with their problem and left out of the totals.
/// </summary>
public sealed class QuoteCart(IProductStore products, ICategoryStore categories, IPromotionStore promotions, IPromotionUsageStore usage, PriceCart pricing, TimeProvider time)
{
    /// <summary>Weight of a unit when its product does not give <c>weight_grams</c> among its attributes.</summary>
    public const int DefaultUnitWeightGrams = 500;

    public const string WeightAttribute = "weight_grams";

    public async Task<CartQuote> HandleAsync(Cart cart, CheckoutOptions options, CancellationToken cancellationToken)
    {
        var items = new List<CartItem>();
        var priced = new List<PricingLine>();
        var productsById = new Dictionary<string, Product?>(StringComparer.Ordinal);
        IReadOnlyList<Category>? tree = null;
        foreach (var line in cart.Lines)
        {
            var owner = await products.FindSkuAsync(line.Sku, cancellationToken);
            Product? product = null;
            if (owner is not null && !productsById.TryGetValue(owner.ProductId, out product))
            {
                product = productsById[owner.ProductId] = await products.FindAsync(owner.ProductId, cancellationToken);
            }
            var variant = product?.FindVariant(line.Sku);
            if (product is null || variant is null || product.Status != ProductStatus.Active)
            {
                items.Add(new CartItem(line.Sku, product?.Id, product?.SellerId, product?.Name, variant?.Options ?? new Dictionary<string, string>(), line.Quantity, null, 0, CartLineProblems.Unavailable));
                continue;
            }
            var problem = variant.Stock < line.Quantity ? CartLineProblems.InsufficientStock : null;
            items.Add(new CartItem(line.Sku, product.Id, product.SellerId, product.Name, variant.Options, line.Quantity, variant.Price, variant.Stock, problem));
            tree ??= await categories.ListAsync(cancellationToken);
            priced.Add(new PricingLine(line.Sku, product.Id, product.SellerId, CategoryPath(tree, product.CategoryId), variant.Price.Amount, line.Quantity, UnitWeight(product))
            {
                Currency = variant.Price.Currency,
            });
        }
        if (priced.Count == 0)
        {
            return new CartQuote(cart, items, null);
        }
        var codes = cart.PromotionCodes;
        var found = codes.Count == 0 ? [] : await promotions.FindManyAsync(codes, cancellationToken);
        var used = found.Count == 0
            ? new Dictionary<string, PromotionUsage>()
            : await usage.GetUsageAsync(found.Select(p => p.Code).ToList(), cart.MemberId, cancellationToken);
        var currency = items.First(i => i.UnitPrice is not null).UnitPrice!.Currency;
        var breakdown = pricing.Price(new PricingRequest(currency, priced, found, used, options.ShippingOption, options.Destination, time.GetUtcNow()));
        return new CartQuote(cart, items, breakdown);
    }

    /// <summary>The ids from the root down to the product's category: a promotion scoped to a category covers its subtree.</summary>
    private static IReadOnlyList<string> CategoryPath(IReadOnlyList<Category> tree, string categoryId)
    {
        var category = tree.FirstOrDefault(c => c.Id == categoryId);
        return category is null ? [categoryId] : category.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    private static int UnitWeight(Product product) =>
        product.Attributes.TryGetValue(WeightAttribute, out var text) && int.TryParse(text, out var grams) && grams is > 0 and <= 1_000_000
            ? grams
            : DefaultUnitWeightGrams;
}
