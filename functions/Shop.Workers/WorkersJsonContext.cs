using System.Text.Json.Serialization;
using Shop.Core.Catalog;
using Shop.Lambda.Events;
using Shop.Core.Search;
using Shop.Workers.Catalog;
using Shop.Workers.Search;
using Shop.Adapters.Postgres;
using Shop.Core.Checkout;
using Shop.Workers.Checkout;
using Shop.Workers.Orders;

namespace Shop.Workers;

/// <summary>Every type the worker handlers read or write (Native AOT: no reflection JSON).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SampleTaskInput))]
[JsonSerializable(typeof(CategoryCount))]
[JsonSerializable(typeof(DynamoDbStreamEvent))]
[JsonSerializable(typeof(StreamsEventResponse))]
[JsonSerializable(typeof(ReindexRequest))]
[JsonSerializable(typeof(ReindexReport))]
[JsonSerializable(typeof(MigrateRequest))]
[JsonSerializable(typeof(MigrationReport))]
[JsonSerializable(typeof(ScheduledEvent))]
[JsonSerializable(typeof(RelayReport))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(CheckoutInput))]
[JsonSerializable(typeof(ReservationResult))]
[JsonSerializable(typeof(FraudResult))]
[JsonSerializable(typeof(OrderStatusResult))]
[JsonSerializable(typeof(ExpireHoldsReport))]
[JsonSerializable(typeof(CompensationInput))]
[JsonSerializable(typeof(PaymentResult))]
[JsonSerializable(typeof(CallbackRequest))]
[JsonSerializable(typeof(CallbackOutcome))]
[JsonSerializable(typeof(ShipmentResult))]
internal sealed partial class WorkersJsonContext : JsonSerializerContext;
