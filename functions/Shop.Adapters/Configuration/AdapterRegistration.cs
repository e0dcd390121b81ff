using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Postgres;
using Shop.Adapters.Search;
using Shop.Adapters.Search.Embedded;
using Shop.Adapters.Search.OpenSearch;
using Shop.Adapters.Storage;
using Shop.Adapters.Workflow;
using Shop.Core.Catalog;
using Shop.Core;
using Shop.Core.Health;
using Shop.Core.Search;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.SecretsManager;
using Shop.Lambda.Aws.StepFunctions;

namespace Shop.Adapters.Configuration;

/// <summary>
/// Wires adapters to the services they talk to. Clients are singletons, created once per
/// execution environment; endpoints and credentials are resolved here, at start, and nowhere else.
/// Settings are read when a service is first resolved, which is during the function's init, so a
/// missing one is reported as Lambda's init error, by name.
/// </summary>
public static class AdapterRegistration
{
    public static IServiceCollection AddAwsPlatform(this IServiceCollection services, ShopSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<IAwsCredentialsProvider>(_ => new EnvironmentCredentialsProvider(settings.Environment));
        services.AddSingleton(new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        });
        services.AddSingleton<IAmazonDynamoDB>(provider => DynamoDbClient(settings, provider.GetRequiredService<IAwsCredentialsProvider>()));
        return services;
    }

    public static IServiceCollection AddCatalog(this IServiceCollection services, ShopSettings settings)
    {
        services.AddSingleton(_ => new TableName(settings.TableName));
        services.AddSingleton<ICategoryStore, DynamoDbCategoryStore>();
        services.AddSingleton<ListCategories>();
        services.AddSingleton<CountCategories>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IProductStore, DynamoDbProductStore>();
        services.AddSingleton<CreateCategory>();
        services.AddSingleton<UpdateCategory>();
        services.AddSingleton<CreateProduct>();
        services.AddSingleton<UpdateProduct>();
        services.AddSingleton<ArchiveProduct>();
        services.AddSingleton<AddVariant>();
        services.AddSingleton<UpdateVariant>();
        services.AddSingleton<RemoveVariant>();
        services.AddSingleton<SetStock>();
        services.AddSingleton<GetProduct>();
        services.AddSingleton<GetSellerProduct>();
        services.AddSingleton<ListCategoryProducts>();
        services.AddSingleton<ListSellerProducts>();
        return services;
    }

    /// <summary>The images bucket: presigned uploads and public URLs of product pictures.</summary>
    public static IServiceCollection AddProductImages(this IServiceCollection services, ShopSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IImageStore>(provider => new S3ImageStore(
            provider.GetRequiredService<IAwsCredentialsProvider>(), settings.Images, settings.Region, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AddProductImage>();
        return services;
    }

    /// <summary>The products search index (OpenSearch in AWS, the embedded engine locally) and its use cases.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, ShopSettings settings)
    {
        services.AddSingleton<IProductIndex>(provider =>
        {
            var search = settings.Search;
            var http = provider.GetRequiredService<HttpClient>();
            return search.Engine == ShopNames.SearchEngines.Embedded
                ? new EmbeddedProductIndex(http, search.Endpoint)
                : new OpenSearchProductIndex(http, search.Endpoint, settings.Region, provider.GetRequiredService<IAwsCredentialsProvider>());
        });
        services.AddSingleton<SearchProducts>();
        services.AddSingleton<SuggestProducts>();
        services.AddSingleton<IndexProducts>();
        services.AddSingleton<ReindexProducts>();
        return services;
    }

    public static IServiceCollection AddDatabase(this IServiceCollection services, ShopSettings settings)
    {
        services.AddSingleton(provider => new SecretsManagerClient(
            provider.GetRequiredService<HttpClient>(),
            SecretsManagerClient.ResolveEndpoint(settings.Region, settings.Environment),
            settings.Region,
            provider.GetRequiredService<IAwsCredentialsProvider>()));
        services.AddSingleton(provider => new PostgresDataSource(settings.Database, provider.GetRequiredService<SecretsManagerClient>()));
        return services;
    }

    public static IServiceCollection AddStepFunctions(this IServiceCollection services, ShopSettings settings)
    {
        services.AddSingleton(provider => new StepFunctionsClient(
            provider.GetRequiredService<HttpClient>(),
            StepFunctionsClient.ResolveEndpoint(settings.Region, settings.Environment), settings.Region, provider.GetRequiredService<IAwsCredentialsProvider>()));
        return services;
    }

    /// <summary>Every dependency the Api reports on at /health.</summary>
    public static IServiceCollection AddHealthProbes(this IServiceCollection services, ShopSettings settings)
    {
        services.AddSingleton<IDependencyProbe, DynamoDbProbe>();
        services.AddSingleton<IDependencyProbe, PostgresProbe>();
        services.AddSingleton<IDependencyProbe>(provider => new StepFunctionsProbe(provider.GetRequiredService<StepFunctionsClient>(), settings.SampleStateMachineArn));
        services.AddSingleton<IDependencyProbe>(provider => new ProductIndexProbe(provider.GetRequiredService<IProductIndex>(), settings.Search.Engine));
        services.AddSingleton(provider => new CheckHealth(provider.GetServices<IDependencyProbe>()));
        return services;
    }

    private static AmazonDynamoDBClient DynamoDbClient(ShopSettings settings, IAwsCredentialsProvider credentials)
    {
        var config = new AmazonDynamoDBConfig();
        var endpoint = AwsEndpoints.Resolve("DynamoDB", "dynamodb", settings.Region, settings.Environment);
        if (endpoint.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }
        else
        {
            // A configured endpoint (the local edge): sign for the function's region all the same.
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = settings.Region;
        }
        // Lambda's credentials sit in the environment, so this completes synchronously.
        var keys = credentials.GetCredentialsAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        AWSCredentials sdkCredentials = keys.SessionToken is null
            ? new BasicAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey)
            : new SessionAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken);
        return new AmazonDynamoDBClient(sdkCredentials, config);
    }
}
