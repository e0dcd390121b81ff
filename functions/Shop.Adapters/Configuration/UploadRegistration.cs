using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Messaging;
using Shop.Adapters.Storage;
using Shop.Core.Uploads;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.Sqs;

namespace Shop.Adapters.Configuration;

public static class UploadRegistration
{
    /// <summary>Upload records (the table) and the uploads bucket: what the Api needs to start and show uploads.</summary>
    public static IServiceCollection AddUploads(this IServiceCollection services, ShopSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IUploadStore, DynamoDbUploadStore>();
        services.AddSingleton<IUploadFiles>(provider => new S3UploadFiles(
            provider.GetRequiredService<HttpClient>(), provider.GetRequiredService<IAwsCredentialsProvider>(),
            settings.UploadsBucketUrl, settings.Region, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StartUpload>();
        services.AddSingleton<GetUpload>();
        return services;
    }

    /// <summary>The importer: catalog writes, continuations on the uploads queue, and its pacing.</summary>
    public static IServiceCollection AddUploadImport(this IServiceCollection services, ShopSettings settings)
    {
        services.AddUploads(settings);
        services.AddSingleton<ICatalogImporter>(provider => new DynamoDbCatalogImporter(
            provider.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>(), provider.GetRequiredService<TableName>(), provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(provider => new SqsClient(
            provider.GetRequiredService<HttpClient>(), SqsClient.ResolveEndpoint(settings.Region, settings.Environment), settings.Region,
            provider.GetRequiredService<IAwsCredentialsProvider>()));
        services.AddSingleton<IUploadContinuations>(provider => new SqsUploadContinuations(provider.GetRequiredService<SqsClient>(), settings.UploadsQueueUrl));
        services.AddSingleton(UploadImportLimits.Default);
        services.AddSingleton(new UploadQueueRedrive(settings.UploadsMaxReceives));
        services.AddSingleton<ImportUpload>();
        return services;
    }
}
