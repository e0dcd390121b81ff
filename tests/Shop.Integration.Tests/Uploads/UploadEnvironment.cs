using System.Text;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Storage;
using Shop.Core;
using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws;
using Shop.Local;
using Shop.Local.Seeding;

namespace Shop.Integration.Tests.Uploads;

/// <summary>
/// Upload tests get an environment of their own: they add products to the seeded seller's catalog,
/// which other collections count (search facets by seller).
/// </summary>
[CollectionDefinition(Name)]
public sealed class UploadEnvironmentCollection : ICollectionFixture<LocalEnvironmentFixture>
{
    public const string Name = "uploads environment";
}

/// <summary>The adapters of the uploads feature, pointed at the environment the way the functions are.</summary>
internal static class UploadParts
{
    public static readonly StaticCredentialsProvider Credentials = new(new AwsCredentials(LocalAws.AccessKeyId, LocalAws.SecretAccessKey));

    public static string Bucket(LocalEnvironmentFixture fixture) => fixture.Environment.Setting(ShopNames.Settings.UploadsBucket);

    public static TableName Table(LocalEnvironmentFixture fixture) => new(fixture.Environment.TableName());

    public static S3UploadFiles Files(LocalEnvironmentFixture fixture, string? bucket = null) =>
        new(new HttpClient(), Credentials, new Uri(fixture.Environment.EdgeUrl, (bucket ?? Bucket(fixture)) + "/"), LocalAws.Region, TimeProvider.System);

    public static Task<Support.TestUser> SeededSellerAsync(LocalEnvironmentFixture fixture) =>
        fixture.LogInAsync(fixture.Environment.Seeded!.SellerId, SeedUsers.SellerEmail, SeedUsers.DefaultPassword);

    /// <summary>A leaf of the demo category tree.</summary>
    public static string Category() => DemoCatalog.Categories().First(c => DemoCatalog.Categories().All(o => o.ParentId != c.Id)).Id;

    public static byte[] Csv(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

    public const string Header = "sku,name,price,currency,stock,category,product_id,brand,option1_name,option1_value";
}
