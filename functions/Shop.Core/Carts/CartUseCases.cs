using System.Security.Cryptography;
using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Promotions;

namespace Shop.Core.Carts;

/// <summary>A new cart, and for a guest the secret that proves it is theirs (shown once, never stored in clear).</summary>
public sealed record CreatedCart(Cart Cart, string? Secret);

/// <summary>
/// Opens a cart. A guest gets a new cart and its secret; a member gets their one cart, created on
/// first use, so two devices of one member share it.
/// </summary>
public sealed class CreateCart(ICartStore carts, TimeProvider time)
{
    public async Task<CreatedCart> HandleAsync(string? memberId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (memberId is null)
        {
            var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
            var guestCart = new Cart(Ids.New("c"), null, Cart.HashSecret(secret), [], [], now, now, 1);
            await carts.CreateAsync(guestCart, cancellationToken);
            return new CreatedCart(guestCart, secret);
        }
        var existing = await carts.FindMemberCartAsync(memberId, cancellationToken);
        if (existing is not null)
        {
            return new CreatedCart(existing, null);
        }
        var memberCart = new Cart(Ids.New("c"), memberId, null, [], [], now, now, 1);
        try
        {
            await carts.CreateAsync(memberCart, cancellationToken);
            return new CreatedCart(memberCart, null);
        }
        catch (ConflictException)
        {
            // Another request of the same member created it first: theirs is the member's cart.
            return new CreatedCart(await carts.FindMemberCartAsync(memberId, cancellationToken)
                ?? throw new ConflictException("The cart changed while it was being created; try again."), null);
        }
    }
}

/// <summary>Finds a cart the caller may use; any other cart does not exist for them (404, never 403).</summary>
public sealed class CartAccess(ICartStore carts)
{
    public async Task<Cart> FindAsync(string cartId, CartCaller caller, CancellationToken cancellationToken)
    {
        var cart = await carts.FindAsync(cartId, cancellationToken);
        return cart is not null && caller.MayUse(cart) ? cart : throw new NotFoundException($"No cart {cartId}.");
    }
}

public sealed class GetCart(CartAccess access, QuoteCart quote)
{
    public async Task<CartQuote> HandleAsync(string cartId, CartCaller caller, CheckoutOptions options, CancellationToken cancellationToken) =>
        await quote.HandleAsync(await access.FindAsync(cartId, caller, cancellationToken), options, cancellationToken);
}

/// <summary>
/// Changes a cart's lines: sets a SKU's quantity (adding the line if new) or removes it. Only
/// listed SKUs in stock can be added, in the cart's currency, within the cart's limits.
/// </summary>
public sealed class ChangeCartItems(ICartStore carts, CartAccess access, IProductStore products, QuoteCart quote, TimeProvider time)
{
    public Task<CartQuote> SetAsync(string cartId, CartCaller caller, string sku, int? quantity, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        validation.When(!ProductRules.IsSku(sku), "sku", "Must be 1 to 64 letters, digits, '.', '_' or '-'.");
        validation.When(quantity is null, "quantity", "Is required.");
        validation.When(quantity is < 1 or > CartLimits.MaxQuantity, "quantity", $"Must be from 1 to {CartLimits.MaxQuantity}; remove the item to drop it.");
        validation.ThrowIfAny();
        return ChangeAsync(cartId, caller, async cart =>
        {
            var variant = await FindListedAsync(sku, cancellationToken);
            if (variant.Stock < quantity!.Value)
            {
                throw new InsufficientStockException(sku, variant.Stock, quantity.Value);
            }
            await CheckCurrencyAsync(cart, sku, variant.Price.Currency, cancellationToken);
            var now = time.GetUtcNow();
            var existing = cart.FindLine(sku);
            if (existing is null && cart.Lines.Count >= CartLimits.MaxLines)
            {
                throw new ConflictException($"A cart holds at most {CartLimits.MaxLines} different items.");
            }
            var lines = existing is null
                ? [.. cart.Lines, new CartLine(sku, quantity.Value, now)]
                : cart.Lines.Select(l => l.Sku == sku ? l with { Quantity = quantity.Value } : l).ToList();
            return cart.Changed(now) with { Lines = lines };
        }, cancellationToken);
    }

    public Task<CartQuote> RemoveAsync(string cartId, CartCaller caller, string sku, CancellationToken cancellationToken) =>
        ChangeAsync(cartId, caller, cart => Task.FromResult(cart.FindLine(sku) is null
            ? throw new NotFoundException($"The cart has no item {sku}.")
            : cart.Changed(time.GetUtcNow()) with { Lines = cart.Lines.Where(l => l.Sku != sku).ToList() }), cancellationToken);

    internal async Task<CartQuote> ChangeAsync(string cartId, CartCaller caller, Func<Cart, Task<Cart>> change, CancellationToken cancellationToken)
    {
        var changed = await Retry.OnConcurrentChangeAsync("cart", async () =>
        {
            var cart = await access.FindAsync(cartId, caller, cancellationToken);
            var next = await change(cart);
            await carts.SaveAsync(next, cart.Version, cancellationToken);
            return next;
        });
        return await quote.HandleAsync(changed, CheckoutOptions.Default, cancellationToken);
    }

    private async Task<Variant> FindListedAsync(string sku, CancellationToken cancellationToken)
    {
        var owner = await products.FindSkuAsync(sku, cancellationToken);
        var product = owner is null ? null : await products.FindAsync(owner.ProductId, cancellationToken);
        var variant = product?.Status == ProductStatus.Active ? product.FindVariant(sku) : null;
        return variant ?? throw new ValidationException(new Dictionary<string, string[]> { ["sku"] = [$"{sku} is not a listed product's SKU."] });
    }

    /// <summary>A cart is priced in one currency: the first line's.</summary>
    private async Task CheckCurrencyAsync(Cart cart, string sku, string currency, CancellationToken cancellationToken)
    {
        var other = cart.Lines.FirstOrDefault(l => l.Sku != sku);
        if (other is null)
        {
            return;
        }
        var owner = await products.FindSkuAsync(other.Sku, cancellationToken);
        var product = owner is null ? null : await products.FindAsync(owner.ProductId, cancellationToken);
        var cartCurrency = product?.FindVariant(other.Sku)?.Price.Currency;
        if (cartCurrency is not null && cartCurrency != currency)
        {
            throw new ConflictException($"This cart is priced in {cartCurrency}; {sku} is sold in {currency}.");
        }
    }
}

/// <summary>Adds a promotion code to a cart (the breakdown then says whether it applies and why not) or takes it off.</summary>
public sealed class ChangeCartPromotions(ChangeCartItems changes, IPromotionStore promotions, TimeProvider time)
{
    public Task<CartQuote> ApplyAsync(string cartId, CartCaller caller, string code, CancellationToken cancellationToken)
    {
        var normalized = PromotionCodes.Normalize(code);
        if (!PromotionCodes.IsValid(normalized))
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["code"] = [$"Must be 1 to {PromotionCodes.MaxLength} letters, digits, '-' or '_'."] });
        }
        return changes.ChangeAsync(cartId, caller, async cart =>
        {
            if (await promotions.FindAsync(normalized, cancellationToken) is null)
            {
                throw new ValidationException(new Dictionary<string, string[]> { ["code"] = [$"{normalized} is not a promotion code."] });
            }
            if (cart.PromotionCodes.Contains(normalized))
            {
                return cart;
            }
            if (cart.PromotionCodes.Count >= CartLimits.MaxPromotionCodes)
            {
                throw new ConflictException($"A cart carries at most {CartLimits.MaxPromotionCodes} promotion codes.");
            }
            return cart.Changed(time.GetUtcNow()) with { PromotionCodes = [.. cart.PromotionCodes, normalized] };
        }, cancellationToken);
    }

    public Task<CartQuote> RemoveAsync(string cartId, CartCaller caller, string code, CancellationToken cancellationToken)
    {
        var normalized = PromotionCodes.Normalize(code);
        return changes.ChangeAsync(cartId, caller, cart => Task.FromResult(cart.PromotionCodes.Contains(normalized)
            ? cart.Changed(time.GetUtcNow()) with { PromotionCodes = cart.PromotionCodes.Where(c => c != normalized).ToList() }
            : throw new NotFoundException($"The cart has no promotion code {normalized}.")), cancellationToken);
    }
}

/// <summary>
/// At sign-in, a guest cart joins the member's: its lines are added to the member's cart
/// (quantities summed up to the limit) and its codes carried over, and the guest cart is deleted,
/// all in one atomic write. A member without a cart takes the guest cart over as theirs (same id,
/// no secret any more).
/// </summary>
public sealed class ClaimGuestCart(ICartStore carts, CartAccess access, QuoteCart quote, TimeProvider time)
{
    public async Task<CartQuote> HandleAsync(string cartId, string memberId, string? secret, CancellationToken cancellationToken)
    {
        var merged = await Retry.OnConcurrentChangeAsync("cart", async () =>
        {
            var guest = await access.FindAsync(cartId, new CartCaller(null, secret), cancellationToken);
            if (!guest.IsGuestCart)
            {
                throw new NotFoundException($"No cart {cartId}.");
            }
            var now = time.GetUtcNow();
            var mine = await carts.FindMemberCartAsync(memberId, cancellationToken);
            var claimed = mine is null
                ? guest.Changed(now) with { MemberId = memberId, SecretHash = null }
                : Merge(mine, guest).Changed(now);
            await carts.ClaimAsync(guest, claimed, mine?.Version, cancellationToken);
            return claimed;
        });
        return await quote.HandleAsync(merged, CheckoutOptions.Default, cancellationToken);
    }

    private static Cart Merge(Cart into, Cart from)
    {
        var lines = into.Lines.ToList();
        foreach (var line in from.Lines)
        {
            var index = lines.FindIndex(l => l.Sku == line.Sku);
            if (index >= 0)
            {
                lines[index] = lines[index] with { Quantity = Math.Min(CartLimits.MaxQuantity, lines[index].Quantity + line.Quantity) };
            }
            else if (lines.Count < CartLimits.MaxLines)
            {
                lines.Add(line);
            }
        }
        var codes = into.PromotionCodes.Concat(from.PromotionCodes).Distinct(StringComparer.Ordinal).Take(CartLimits.MaxPromotionCodes).ToList();
        return into with { Lines = lines, PromotionCodes = codes };
    }
}
