using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Messaging;
using Shop.Adapters.Postgres;
using Shop.Adapters.Workflow;
using Shop.Core.Carts;
using Shop.Core.Checkout;
using Shop.Core.Fraud;
using Shop.Core.Fulfillment;
using Shop.Core.Identity;
using Shop.Core.Inventory;
using Shop.Core.Notifications;
using Shop.Core.Orders;
using Shop.Core.Pricing;
using Shop.Core.Promotions;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.Sqs;
using Shop.Lambda.Aws.StepFunctions;

namespace Shop.Adapters.Configuration;

public static class OrderRegistration
{
    /// <summary>Carts (the table), promotions (definitions in the table, usage with the orders) and server-side pricing.</summary>
    public static IServiceCollection AddCarts(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICartStore, DynamoDbCartStore>();
        services.AddSingleton<IPromotionStore, DynamoDbPromotionStore>();
        services.TryAddSingleton<PostgresOrderStore>();
        services.AddSingleton<IPromotionUsageStore>(provider => provider.GetRequiredService<PostgresOrderStore>());
        services.AddSingleton(_ => new PriceCart(ShippingRates.Default, TaxRates.Default));
        services.AddSingleton<QuoteCart>();
        services.AddSingleton<CartAccess>();
        services.AddSingleton<CreateCart>();
        services.AddSingleton<GetCart>();
        services.AddSingleton<ChangeCartItems>();
        services.AddSingleton<ChangeCartPromotions>();
        services.AddSingleton<ClaimGuestCart>();
        services.AddSingleton<SavePromotion>();
        return services;
    }

    /// <summary>Orders in PostgreSQL, their outbox and its relay to the order-events queue and the checkout state machine.</summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, ShopSettings settings)
    {
        services.TryAddSingleton<PostgresOrderStore>();
        services.AddSingleton<IOrderStore>(provider => provider.GetRequiredService<PostgresOrderStore>());
        services.AddSingleton<IOrderOutbox>(provider => provider.GetRequiredService<PostgresOrderStore>());
        services.AddSingleton(provider => new SqsClient(
            provider.GetRequiredService<HttpClient>(), SqsClient.ResolveEndpoint(settings.Region, settings.Environment), settings.Region,
            provider.GetRequiredService<IAwsCredentialsProvider>()));
        services.AddSingleton<IOrderEventPublisher>(provider => new SqsOrderEventPublisher(provider.GetRequiredService<SqsClient>(), settings.OrderEventsQueueUrl));
        services.AddSingleton<ICheckoutWorkflow>(provider => new StepFunctionsCheckoutWorkflow(
            provider.GetRequiredService<StepFunctionsClient>(), settings.CheckoutStateMachineArn));
        services.AddSingleton<RelayOrderEvents>();
        services.AddSingleton<PlaceOrder>();
        services.AddSingleton<GetOrder>();
        services.AddSingleton<ListOrders>();
        return services;
    }

    /// <summary>
    /// The checkout saga's steps and the callbacks that move it on: stock holds in the table; the
    /// order, its payment, shipment and waiting task tokens in PostgreSQL; the fraud rules; the
    /// payment provider; Step Functions for answering waiting steps. Fault plans only when
    /// <c>SHOP_CHECKOUT_FAULTS=table</c> (local and test configuration).
    /// </summary>
    public static IServiceCollection AddCheckout(this IServiceCollection services, ShopSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostgresOrderStore>();
        services.TryAddSingleton<IOrderStore>(provider => provider.GetRequiredService<PostgresOrderStore>());
        services.TryAddSingleton<PostgresCheckoutStore>();
        services.TryAddSingleton<IOrderPayments>(provider => provider.GetRequiredService<PostgresCheckoutStore>());
        services.TryAddSingleton<ICheckoutCallbacks>(provider => provider.GetRequiredService<PostgresCheckoutStore>());
        services.TryAddSingleton<IShipmentStore>(provider => provider.GetRequiredService<PostgresCheckoutStore>());
        services.TryAddSingleton<IFraudAssessments>(provider => provider.GetRequiredService<PostgresCheckoutStore>());
        services.TryAddSingleton<ICheckoutSignals>(provider => new StepFunctionsCheckoutSignals(provider.GetRequiredService<StepFunctionsClient>()));
        services.TryAddSingleton<IInventoryStore, DynamoDbInventoryStore>();
        services.TryAddSingleton<IUserStore, DynamoDbUserStore>();
        services.TryAddSingleton<IOrderHistory, PostgresOrderHistory>();
        if (settings.CheckoutFaults)
        {
            services.TryAddSingleton<ICheckoutFaults, DynamoDbCheckoutFaults>();
        }
        services.TryAddSingleton<ICheckoutFaults, NoCheckoutFaults>();
        services.TryAddSingleton(CheckoutTimeouts.Default);
        services.TryAddSingleton(FulfillmentLocations.Default);
        services.TryAddSingleton<AssessFraud>();
        services.TryAddSingleton(settings.Fraud);
        services.AddPayments(settings);
        services.TryAddSingleton<ReserveOrderStock>();
        services.TryAddSingleton<CheckOrderForFraud>();
        services.TryAddSingleton<AuthorizeOrderPayment>();
        services.TryAddSingleton<AwaitCheckoutCallback>();
        services.TryAddSingleton<ConfirmOrder>();
        services.TryAddSingleton<CreateOrderShipment>();
        services.TryAddSingleton<CaptureOrderPayment>();
        services.TryAddSingleton<CompensateCheckout>();
        services.TryAddSingleton<ExpireCheckoutHolds>();
        services.TryAddSingleton<ResolveOrderPayment>();
        services.TryAddSingleton<CompleteOrderPayment>();
        services.TryAddSingleton<ApplyPaymentWebhook>();
        services.TryAddSingleton<CancelOrder>();
        services.TryAddSingleton<RecordShipmentEvent>();
        services.TryAddSingleton<ReviewOrder>();
        services.TryAddSingleton<ListHeldOrders>();
        return services;
    }

    /// <summary>Members' in-app notifications (the table).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<INotificationStore, DynamoDbNotificationStore>();
        services.AddSingleton<NotifyOrderEvent>();
        services.AddSingleton<ListNotifications>();
        return services;
    }
}
