using System.Text.Json.Serialization;
using Shop.Core.Orders;
using Shop.Core.Pricing;

namespace Shop.Adapters.Postgres;

/// <summary>The order store's JSON columns: addresses, price snapshots, replayable orders and outbox payloads.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(OrderEvent))]
[JsonSerializable(typeof(ShippingAddress))]
[JsonSerializable(typeof(PriceBreakdown))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class OrderJsonContext : JsonSerializerContext;
