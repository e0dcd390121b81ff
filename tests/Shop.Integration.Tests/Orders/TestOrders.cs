using Shop.Core.Common;
using Shop.Core.Orders;
using Shop.Core.Pricing;

namespace Shop.Integration.Tests.Orders;

/// <summary>Orders as PlaceOrder builds them, priced by the real pricing engine, for store-level tests.</summary>
internal static class TestOrders
{
    private static readonly PriceCart Pricing = new(ShippingRates.Default, TaxRates.Default);

    public static (Order Order, OrderEvent Placed) New(string memberId, long unitPrice = 2500, int quantity = 2, IReadOnlyList<string>? codes = null)
    {
        var now = DateTimeOffset.UtcNow;
        var sku = "IT-" + Guid.NewGuid().ToString("N")[..8];
        var breakdown = Pricing.Price(new PricingRequest(
            "EUR", [new PricingLine(sku, "p-it", "s-it", ["it"], unitPrice, quantity, 400)], [], new Dictionary<string, PromotionUsage>(),
            "standard", new Destination("DE", "10115"), now));
        var lines = breakdown.Lines.Select(l => new OrderLine(l.Sku, "p-it", "s-it", "Test item", new Dictionary<string, string> { ["size"] = "M" },
            l.Quantity, l.UnitPrice, l.Subtotal, l.Discount, l.Total)).ToList();
        var order = new Order(
            Ids.New("o"), memberId, Ids.New("c"), OrderStatus.Pending, lines,
            new OrderTotals("EUR", breakdown.Subtotal, breakdown.Discount, breakdown.Shipping.Amount, breakdown.ShippingDiscount, breakdown.Tax.Amount, breakdown.Total),
            new ShippingAddress("Ada Lovelace", "Unter den Linden 1", null, "Berlin", "10115", "DE"), "standard",
            new PaymentDetails(PaymentMethods.Card, "tok_approve"), codes ?? [], breakdown,
            [new OrderStatusChange(OrderStatus.Pending, "placed", now)], [], now, now, 1);
        var placed = new OrderEvent(Guid.NewGuid(), OrderEventTypes.OrderPlaced, order.Id, memberId, "pending", order.Totals.Total, "EUR", now);
        return (order, placed);
    }
}
