using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Messaging;
using Shop.Adapters.Postgres;
using Shop.Adapters.Workflow;
using Shop.Core.Carts;
using Shop.Core.Checkout;
using Shop.Core.Fraud;
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

    /// <summary>The checkout saga's steps: stock holds in the table, the order and its history in PostgreSQL, the fraud rules.</summary>
    public static IServiceCollection AddCheckout(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostgresOrderStore>();
        services.TryAddSingleton<IOrderStore>(provider => provider.GetRequiredService<PostgresOrderStore>());
        services.AddSingleton<IInventoryStore, DynamoDbInventoryStore>();
        services.TryAddSingleton<IUserStore, DynamoDbUserStore>();
        services.AddSingleton<IOrderHistory, PostgresOrderHistory>();
        services.AddSingleton<AssessFraud>();
        services.AddSingleton(FraudThresholds.Default);
        services.AddSingleton<ReserveOrderStock>();
        services.AddSingleton<CheckOrderForFraud>();
        services.AddSingleton<ConfirmOrder>();
        services.AddSingleton<CompensateCheckout>();
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
