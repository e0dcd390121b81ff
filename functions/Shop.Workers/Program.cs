using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Adapters.Configuration;
using Shop.Core;
using Shop.Lambda.Runtime;
using Shop.Workers.Catalog;
using Shop.Workers.Search;

// One binary for every worker function; Lambda's _HANDLER picks the handler.
var settings = new ShopSettings(Environment.GetEnvironmentVariable);
var handlers = new HandlerRegistry()
    .Add(ShopNames.Handlers.SampleCountCategories, services => ActivatorUtilities.CreateInstance<CountCategoriesHandler>(services))
    .Add(ShopNames.Handlers.IndexProducts, services => ActivatorUtilities.CreateInstance<IndexProductsHandler>(services))
    .Add(ShopNames.Handlers.ReindexProducts, services => ActivatorUtilities.CreateInstance<ReindexProductsHandler>(services));

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.AddLambdaRuntime(handlers);
builder.Services.AddAwsPlatform(settings).AddCatalog(settings).AddSearch(settings);
await builder.Build().RunAsync();
return Environment.ExitCode;
