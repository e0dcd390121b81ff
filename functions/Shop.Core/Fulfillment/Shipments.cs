using Shop.Core.Pricing;

namespace Shop.Core.Fulfillment;

/// <summary>Where a shipment stands; it only moves forward, in this order.</summary>
public static class ShipmentStatuses
{
    public const string Created = "created";
    public const string Picked = "picked";
    public const string Packed = "packed";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";

    /// <summary>The statuses a warehouse reports (<c>POST /fulfillment/shipments/{id}/events</c>), in order.</summary>
    public static readonly IReadOnlyList<string> Reported = [Picked, Packed, Shipped, Delivered];

    private static readonly string[] Sequence = [Created, Picked, Packed, Shipped, Delivered];

    /// <summary>The status's place in the sequence; -1 for a status that is not one.</summary>
    public static int Rank(string status) => Array.IndexOf(Sequence, status);

    /// <summary>Whether the goods have left the warehouse: the order can no longer be cancelled.</summary>
    public static bool HasLeft(string status) => Rank(status) >= Rank(Shipped);
}

/// <summary>A shipment of an order's goods from one fulfillment location.</summary>
public sealed record ShipmentRecord(string Id, string OrderId, string MemberId, string Location, string Status, string? TrackingNumber);

/// <summary>What recording a shipment event did.</summary>
public enum ShipmentEventOutcome
{
    /// <summary>The shipment moved forward (and the order with it, on shipped and delivered).</summary>
    Applied,

    /// <summary>The shipment is at this status or past it already: a repeated or late event changes nothing.</summary>
    AlreadyApplied,

    /// <summary>The order is no longer confirmed (it was cancelled): its goods must not leave.</summary>
    OrderNotShippable,
}

public sealed record ShipmentEventResult(ShipmentEventOutcome Outcome, ShipmentRecord Shipment);

/// <summary>Shipments and their tracking events, with the order they belong to.</summary>
public interface IShipmentStore
{
    /// <summary>The order's shipment from <paramref name="location"/>; a second call answers the first one (a repeated step).</summary>
    Task<ShipmentRecord> CreateAsync(string orderId, string location, DateTimeOffset at, CancellationToken cancellationToken);

    Task<ShipmentRecord?> FindAsync(string shipmentId, CancellationToken cancellationToken);

    Task<ShipmentRecord?> FindByOrderAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>
    /// In one transaction: records the event and moves the shipment forward; on <c>shipped</c> the
    /// order goes from confirmed to shipped (refused, <see cref="ShipmentEventOutcome.OrderNotShippable"/>,
    /// when it is no longer confirmed), on <c>delivered</c> from shipped to delivered.
    /// </summary>
    Task<ShipmentEventResult> RecordAsync(string shipmentId, string status, string? trackingNumber, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A warehouse that ships orders, the country it is in and the shipping zones it serves.</summary>
public sealed record FulfillmentLocation(string Id, string Country, IReadOnlyList<string> Zones);

/// <summary>
/// Picks the location that ships an order: one in the destination's country if there is one, else
/// the first serving the destination's shipping zone, else the first that serves every zone. Stock
/// is one pool per SKU (holds are taken from it before the location is chosen), so the choice is by
/// zone; per-location stock is a later refinement (docs/decision-log.md).
/// </summary>
public sealed class FulfillmentLocations(IReadOnlyList<FulfillmentLocation> locations, ShippingRates rates)
{
    public static FulfillmentLocations Default { get; } = new(
    [
        new FulfillmentLocation("fc-berlin", "DE", [ShippingRates.Domestic, ShippingRates.Eu, ShippingRates.World]),
        new FulfillmentLocation("fc-lyon", "FR", [ShippingRates.Eu]),
        new FulfillmentLocation("fc-warsaw", "PL", [ShippingRates.Eu]),
    ], ShippingRates.Default);

    public IReadOnlyList<FulfillmentLocation> All => locations;

    public FulfillmentLocation PickFor(string country)
    {
        var inCountry = locations.FirstOrDefault(l => string.Equals(l.Country, country, StringComparison.OrdinalIgnoreCase));
        if (inCountry is not null)
        {
            return inCountry;
        }
        var zone = rates.ZoneOf(country);
        return locations.FirstOrDefault(l => zone is not null && l.Zones.Contains(zone))
            ?? locations.First(l => l.Zones.Count == locations.SelectMany(x => x.Zones).Distinct().Count());
    }
}
