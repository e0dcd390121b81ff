using Shop.Core.Pricing;

namespace Shop.Core.Orders;

public enum OrderStatus
{
    Pending,
    AwaitingPaymentAction,
    Confirmed,
    Shipped,
    Delivered,
    Cancelled,
    Failed,
}

/// <summary>Order statuses as the REST contract and the database spell them.</summary>
public static class OrderStatuses
{
    private static readonly Dictionary<OrderStatus, string> Names = new()
    {
        [OrderStatus.Pending] = "pending",
        [OrderStatus.AwaitingPaymentAction] = "awaiting_payment_action",
        [OrderStatus.Confirmed] = "confirmed",
        [OrderStatus.Shipped] = "shipped",
        [OrderStatus.Delivered] = "delivered",
        [OrderStatus.Cancelled] = "cancelled",
        [OrderStatus.Failed] = "failed",
    };

    private static readonly Dictionary<string, OrderStatus> ByName = Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.Ordinal);

    public static string Name(this OrderStatus status) => Names[status];

    public static OrderStatus Parse(string name) =>
        ByName.TryGetValue(name, out var status) ? status : throw new FormatException($"Unknown order status '{name}'.");
}

public sealed record ShippingAddress(string Name, string Line1, string? Line2, string City, string PostalCode, string Country);

public static class PaymentMethods
{
    public const string Card = "card";
    public const string BankTransfer = "bank_transfer";

    public static readonly IReadOnlyList<string> All = [Card, BankTransfer];
}

/// <summary>How the member pays: a method and the payment provider's token (never a card number).</summary>
public sealed record PaymentDetails(string Method, string Token);

/// <summary>A line as it was sold: the catalog's name and the price at the time, not today's.</summary>
public sealed record OrderLine(
    string Sku,
    string ProductId,
    string SellerId,
    string Name,
    IReadOnlyDictionary<string, string> Options,
    int Quantity,
    long UnitPrice,
    long Subtotal,
    long Discount,
    long Total);

public sealed record OrderTotals(string Currency, long Subtotal, long Discount, long Shipping, long ShippingDiscount, long Tax, long Total);

public sealed record OrderStatusChange(OrderStatus Status, string? Reason, DateTimeOffset At);

public sealed record ShipmentEvent(string Status, DateTimeOffset At, string? TrackingNumber);

public sealed record Shipment(string Id, string Status, string? TrackingNumber, IReadOnlyList<ShipmentEvent> Events);

/// <summary>
/// An order as placed: lines and totals are the server's pricing at that moment (kept whole in
/// <see cref="Pricing"/>), and <see cref="History"/> records every status it went through.
/// </summary>
public sealed record Order(
    string Id,
    string MemberId,
    string CartId,
    OrderStatus Status,
    IReadOnlyList<OrderLine> Lines,
    OrderTotals Totals,
    ShippingAddress ShippingAddress,
    string ShippingOption,
    PaymentDetails Payment,
    IReadOnlyList<string> PromotionCodes,
    PriceBreakdown Pricing,
    IReadOnlyList<OrderStatusChange> History,
    IReadOnlyList<Shipment> Shipments,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version);

/// <summary>An order as a member's order list shows it.</summary>
public sealed record OrderSummary(string Id, OrderStatus Status, long Total, string Currency, int Items, DateTimeOffset CreatedAt);
