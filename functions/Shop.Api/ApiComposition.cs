using System.Text.Json.Serialization;
using Shop.Adapters.Configuration;
using Shop.Api.Http;
using Shop.Api.Security;
using Shop.Lambda.AspNetCore;

namespace Shop.Api;

public static class ApiComposition
{
    public static IServiceCollection AddShopApi(this IServiceCollection services, IConfiguration configuration)
    {
        // Read now, during init: a missing setting stops the function at start (Lambda's init error), by name.
        var settings = new ShopSettings(name => configuration[name]).Require(
            s => s.Region, s => s.TableName, s => s.Database, s => s.SampleStateMachineArn, s => s.Search, s => s.Images,
            s => s.UserPoolId, s => s.UserPoolClientId, s => s.OrderEventsQueueUrl, s => s.CheckoutStateMachineArn, s => s.UploadsBucketUrl,
            s => new Shop.Lambda.Aws.EnvironmentCredentialsProvider(s.Environment));
        services.ConfigureHttpJsonOptions(options =>
        {
            // One source-generated context per feature (Endpoints/*), all known to the one resolver.
            foreach (var context in ApiJsonContext.Features)
            {
                options.SerializerOptions.TypeInfoResolverChain.Add(context);
            }
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemTypes.Stamp);
        services.AddExceptionHandler<DomainErrorHandler>();
        services.AddOpenApi(options => options.AddAccessLevels());
        services.AddAwsPlatform(settings)
            .AddCatalog(settings)
            .AddProductImages(settings)
            .AddSearch(settings)
            .AddDatabase(settings)
            .AddStepFunctions(settings)
            .AddHealthProbes(settings)
            .AddIdentity(settings)
            .AddCarts()
            .AddOrders(settings)
            .AddCheckout(settings)
            .AddNotifications()
            .AddUploads(settings)
            .AddShopSecurity(settings);
        return services;
    }

    /// <summary>
    /// Errors leave as RFC 9457 problem documents: an unhandled exception is logged with its stack
    /// and answered with a bare 500 problem, never the exception itself.
    /// </summary>
    public static WebApplication UseShopApi(this WebApplication app)
    {
        app.UseRequestLog();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBodySizeLimit();
        app.UseShopSecurity();
        return app;
    }
}
