using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Adapters.Configuration;
using Shop.Core;
using Shop.Lambda.Runtime;
using Shop.Workers.Catalog;
using Shop.Workers.Checkout;
using Shop.Workers.Notifications;
using Shop.Workers.Orders;
using Shop.Workers.Search;
using Shop.Workers.Uploads;

// One binary for every worker function; Lambda's _HANDLER picks the handler.
var settings = new ShopSettings(Environment.GetEnvironmentVariable);
var handlers = new HandlerRegistry()
    .Add(ShopNames.Handlers.SampleCountCategories, services => ActivatorUtilities.CreateInstance<CountCategoriesHandler>(services))
    .Add(ShopNames.Handlers.IndexProducts, services => ActivatorUtilities.CreateInstance<IndexProductsHandler>(services))
    .Add(ShopNames.Handlers.ReindexProducts, services => ActivatorUtilities.CreateInstance<ReindexProductsHandler>(services))
    .Add(ShopNames.Handlers.MigrateOrderDatabase, services => ActivatorUtilities.CreateInstance<MigrateOrderDatabaseHandler>(services))
    .Add(ShopNames.Handlers.RelayOrderOutbox, services => ActivatorUtilities.CreateInstance<RelayOrderOutboxHandler>(services))
    .Add(ShopNames.Handlers.NotifyOrderEvents, services => ActivatorUtilities.CreateInstance<NotifyOrderEventsHandler>(services))
    .Add(ShopNames.Handlers.ImportUploads, services => ActivatorUtilities.CreateInstance<ImportUploadsHandler>(services))
    .Add(ShopNames.Handlers.CheckoutReserveInventory, services => ActivatorUtilities.CreateInstance<ReserveInventoryHandler>(services))
    .Add(ShopNames.Handlers.CheckoutAssessFraud, services => ActivatorUtilities.CreateInstance<AssessFraudHandler>(services))
    .Add(ShopNames.Handlers.CheckoutAuthorizePayment, services => ActivatorUtilities.CreateInstance<AuthorizePaymentHandler>(services))
    .Add(ShopNames.Handlers.CheckoutAwaitCallback, services => ActivatorUtilities.CreateInstance<AwaitCallbackHandler>(services))
    .Add(ShopNames.Handlers.CheckoutConfirmOrder, services => ActivatorUtilities.CreateInstance<ConfirmOrderHandler>(services))
    .Add(ShopNames.Handlers.CheckoutCreateShipment, services => ActivatorUtilities.CreateInstance<CreateShipmentHandler>(services))
    .Add(ShopNames.Handlers.CheckoutCapturePayment, services => ActivatorUtilities.CreateInstance<CapturePaymentHandler>(services))
    .Add(ShopNames.Handlers.CheckoutCompensate, services => ActivatorUtilities.CreateInstance<CompensateCheckoutHandler>(services))
    .Add(ShopNames.Handlers.CheckoutExpireHolds, services => ActivatorUtilities.CreateInstance<ExpireHoldsHandler>(services));

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.AddLambdaRuntime(handlers);
builder.Services.AddAwsPlatform(settings).AddCatalog(settings).AddSearch(settings);
// Each handler's own services, so a function is configured (and its settings required) only for what it runs.
switch (Environment.GetEnvironmentVariable(HandlerRegistry.EnvironmentVariable))
{
    case ShopNames.Handlers.MigrateOrderDatabase:
        builder.Services.AddDatabase(settings);
        break;
    case ShopNames.Handlers.RelayOrderOutbox:
        builder.Services.AddDatabase(settings).AddStepFunctions(settings).AddOrders(settings);
        break;
    case ShopNames.Handlers.ImportUploads:
        builder.Services.AddUploadImport(settings);
        break;
    case ShopNames.Handlers.NotifyOrderEvents:
        builder.Services.AddNotifications();
        break;
    case ShopNames.Handlers.CheckoutReserveInventory or ShopNames.Handlers.CheckoutAssessFraud or ShopNames.Handlers.CheckoutAuthorizePayment
        or ShopNames.Handlers.CheckoutAwaitCallback or ShopNames.Handlers.CheckoutConfirmOrder or ShopNames.Handlers.CheckoutCreateShipment
        or ShopNames.Handlers.CheckoutCapturePayment or ShopNames.Handlers.CheckoutCompensate or ShopNames.Handlers.CheckoutExpireHolds:
        builder.Services.AddDatabase(settings).AddStepFunctions(settings).AddCheckout(settings);
        break;
}
await builder.Build().RunAsync();
return Environment.ExitCode;
