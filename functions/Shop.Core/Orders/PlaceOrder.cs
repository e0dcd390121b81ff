using System.Security.Cryptography;
using System.Text;
using Shop.Core.Carts;
using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Pricing;
using Shop.Core.Promotions;

namespace Shop.Core.Orders;

public sealed record ShippingAddressInput(string? Name, string? Line1, string? Line2, string? City, string? PostalCode, string? Country);

public sealed record PaymentInput(string? Method, string? Token);

/// <summary>POST /orders as the member sends it; prices and totals are never part of it.</summary>
public sealed record PlaceOrderInput(string? CartId, ShippingAddressInput? ShippingAddress, string? ShippingOption, PaymentInput? Payment);

/// <summary>
/// The order, and whether this request placed it or repeated an earlier one with the same key.
/// <see cref="PublishError"/> is why its events could not be published at once (the outbox relay
/// publishes them later): the caller logs it, the member is not told, their order stands.
/// </summary>
public sealed record PlacedOrder(Order Order, bool Replayed, Exception? PublishError = null);

/// <summary>The order cannot be placed from the cart as it is (empty, a line unavailable or short of stock).</summary>
public sealed class CartNotOrderableException(string message, IReadOnlyList<CartItem> items) : Exception(message)
{
    public IReadOnlyList<CartItem> Items { get; } = items;
}

/// <summary>
/// A member places an order from their cart. The request is idempotent by its key: the same key
/// and body answer the first order; another body is refused; a second request while the first
/// is still working is told so. The cart is priced again on the server (client prices are never
/// read), stock is checked, and the order is written <c>pending</c> with its <c>OrderPlaced</c>
/// event and its promotion redemptions in one transaction. The event is then published at once;
/// if that fails (or the process dies), the outbox relay publishes it, and the checkout execution
/// it starts is named by the order id, so each order gets exactly one.
/// </summary>
public sealed class PlaceOrder(
    IOrderStore orders,
    ICartStore carts,
    CartAccess cartAccess,
    QuoteCart quote,
    IPromotionStore promotions,
    RelayOrderEvents relay,
    TimeProvider time)
{
    public const int MaxTokenLength = 255;

    public async Task<PlacedOrder> HandleAsync(string memberId, string? idempotencyKey, PlaceOrderInput input, CancellationToken cancellationToken)
    {
        var request = Validate(idempotencyKey, input);
        var key = new IdempotencyKey(memberId, idempotencyKey!);
        var claim = await orders.ClaimAsync(key, Hash(request), time.GetUtcNow(), cancellationToken);
        switch (claim)
        {
            case IdempotencyClaim.Completed completed:
                return new PlacedOrder(completed.Order, Replayed: true);
            case IdempotencyClaim.Mismatch:
                throw new IdempotencyKeyReusedException();
            case IdempotencyClaim.InFlight:
                throw new IdempotencyKeyInFlightException();
        }
        var lease = ((IdempotencyClaim.Acquired)claim).Lease;
        Order order;
        Cart cart;
        try
        {
            (order, cart) = await PlaceAsync(memberId, key, lease, request, cancellationToken);
        }
        catch
        {
            // Nothing was placed: a retry with the same key should try again, not replay a failure.
            await orders.ReleaseAsync(key, lease, CancellationToken.None);
            throw;
        }
        Exception? publishError = null;
        try
        {
            await relay.PublishOrderAsync(order.Id, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            publishError = exception;
        }
        await EmptyCartAsync(cart, cancellationToken);
        return new PlacedOrder(order, Replayed: false, publishError);
    }

    /// <summary>The ordered cart is done with; if the member changed it meanwhile (another tab), it stays.</summary>
    private async Task EmptyCartAsync(Cart cart, CancellationToken cancellationToken)
    {
        try
        {
            await carts.DeleteAsync(cart, cart.Version, cancellationToken);
        }
        catch (ConcurrentChangeException)
        {
        }
    }

    private async Task<(Order, Cart)> PlaceAsync(string memberId, IdempotencyKey key, Guid lease, ValidRequest request, CancellationToken cancellationToken)
    {
        var cart = await cartAccess.FindAsync(request.CartId, new CartCaller(memberId, null), cancellationToken);
        var priced = await quote.HandleAsync(cart, new CheckoutOptions(request.ShippingOption, new Destination(request.Address.Country, request.Address.PostalCode)), cancellationToken);
        if (cart.Lines.Count == 0 || priced.Breakdown is null)
        {
            throw new CartNotOrderableException("The cart is empty.", priced.Items);
        }
        var problem = priced.Items.FirstOrDefault(i => i.Problem is not null);
        if (problem is not null)
        {
            throw problem.Problem == CartLineProblems.InsufficientStock
                ? new InsufficientStockException(problem.Sku, problem.Available, problem.Quantity)
                : new CartNotOrderableException($"{problem.Sku} is no longer available.", priced.Items);
        }
        var breakdown = priced.Breakdown;
        var now = time.GetUtcNow();
        var lines = breakdown.Lines.Select(line =>
        {
            var item = priced.Items.First(i => i.Sku == line.Sku);
            return new OrderLine(line.Sku, item.ProductId!, item.SellerId!, item.Name!, item.Options, line.Quantity, line.UnitPrice, line.Subtotal, line.Discount, line.Total);
        }).ToList();
        var order = new Order(
            Ids.New("o"), memberId, cart.Id, OrderStatus.Pending, lines,
            new OrderTotals(breakdown.Currency, breakdown.Subtotal, breakdown.Discount, breakdown.Shipping.Amount, breakdown.ShippingDiscount, breakdown.Tax.Amount, breakdown.Total),
            request.Address, request.ShippingOption, request.Payment,
            breakdown.Promotions.Select(p => p.Code).ToList(), breakdown,
            [new OrderStatusChange(OrderStatus.Pending, "placed", now)], [], now, now, 1);
        var placed = new OrderEvent(Guid.NewGuid(), OrderEventTypes.OrderPlaced, order.Id, memberId, order.Status.Name(), order.Totals.Total, order.Totals.Currency, now);
        var applied = await promotions.FindManyAsync(order.PromotionCodes, cancellationToken);
        var redemptions = applied.Select(p => new PromotionRedemption(p.Code, p.TotalLimit, p.PerMemberLimit)).ToList();
        await orders.PlaceAsync(order, placed, key, lease, redemptions, cancellationToken);
        return (order, cart);
    }

    private sealed record ValidRequest(string CartId, ShippingAddress Address, string ShippingOption, PaymentDetails Payment);

    private static ValidRequest Validate(string? idempotencyKey, PlaceOrderInput input)
    {
        var validation = new Validation();
        validation.When(string.IsNullOrWhiteSpace(idempotencyKey), "Idempotency-Key", "The header is required: a unique value per order, repeated on retries.");
        validation.When(idempotencyKey is { Length: > IdempotencyKey.MaxLength }, "Idempotency-Key", $"Must be at most {IdempotencyKey.MaxLength} characters.");
        validation.When(string.IsNullOrWhiteSpace(input.CartId), "cartId", "Is required.");
        Required(validation, "shippingOption", input.ShippingOption, 32);
        var address = input.ShippingAddress;
        if (address is null)
        {
            validation.Add("shippingAddress", "Is required.");
        }
        else
        {
            Required(validation, "shippingAddress.name", address.Name, 200);
            Required(validation, "shippingAddress.line1", address.Line1, 200);
            validation.When(address.Line2 is { Length: > 200 }, "shippingAddress.line2", "Must be at most 200 characters.");
            Required(validation, "shippingAddress.city", address.City, 100);
            Required(validation, "shippingAddress.postalCode", address.PostalCode, 20);
            validation.When(address.Country is null || address.Country.Length != 2 || !address.Country.All(char.IsAsciiLetter),
                "shippingAddress.country", "Must be an ISO 3166-1 alpha-2 country code.");
        }
        var payment = input.Payment;
        if (payment is null)
        {
            validation.Add("payment", "Is required.");
        }
        else
        {
            validation.When(payment.Method is null || !PaymentMethods.All.Contains(payment.Method), "payment.method", $"Must be one of: {string.Join(", ", PaymentMethods.All)}.");
            Required(validation, "payment.token", payment.Token, MaxTokenLength);
            validation.When(payment.Token is not null && PaymentTokens.LooksLikeCardNumber(payment.Token),
                "payment.token", "Must be a payment provider's token; card numbers are never accepted.");
        }
        validation.ThrowIfAny();
        return new ValidRequest(
            input.CartId!.Trim(),
            new ShippingAddress(address!.Name!.Trim(), address.Line1!.Trim(), address.Line2?.Trim(), address.City!.Trim(), address.PostalCode!.Trim(), address.Country!.ToUpperInvariant()),
            input.ShippingOption!.Trim(),
            new PaymentDetails(payment!.Method!, payment.Token!.Trim()));
    }

    private static void Required(Validation validation, string field, string? value, int maxLength)
    {
        validation.When(string.IsNullOrWhiteSpace(value), field, "Is required.");
        validation.When(value is not null && value.Length > maxLength, field, $"Must be at most {maxLength} characters.");
    }

    /// <summary>The request's identity for its key: every field, length-prefixed, so no two different requests share a hash.</summary>
    private static byte[] Hash(ValidRequest request)
    {
        var builder = new StringBuilder();
        foreach (var field in new[]
        {
            request.CartId, request.Address.Name, request.Address.Line1, request.Address.Line2 ?? "\0", request.Address.City,
            request.Address.PostalCode, request.Address.Country, request.ShippingOption, request.Payment.Method, request.Payment.Token,
        })
        {
            builder.Append(field.Length).Append(':').Append(field);
        }
        return SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
    }
}

/// <summary>The key was used before with a different request (422).</summary>
public sealed class IdempotencyKeyReusedException() : Exception("This Idempotency-Key was used with a different request; use a new key for a new order.");

/// <summary>A request with this key is still being worked on (409); retry shortly.</summary>
public sealed class IdempotencyKeyInFlightException() : Exception("A request with this Idempotency-Key is still in progress; retry shortly.");

public static class PaymentTokens
{
    /// <summary>
    /// Whether the text holds a run of 12 to 19 digits (spaces and dashes between them allowed)
    /// passing the Luhn check: a primary account number, which Shop never accepts, logs or stores.
    /// </summary>
    public static bool LooksLikeCardNumber(string text)
    {
        var run = new List<int>();
        foreach (var c in text.Append('x'))
        {
            if (char.IsAsciiDigit(c))
            {
                run.Add(c - '0');
            }
            else if (c is not (' ' or '-'))
            {
                if (run.Count is >= 12 and <= 19 && PassesLuhn(run))
                {
                    return true;
                }
                run.Clear();
            }
        }
        return false;
    }

    private static bool PassesLuhn(List<int> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Count; i++)
        {
            var digit = digits[digits.Count - 1 - i];
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
