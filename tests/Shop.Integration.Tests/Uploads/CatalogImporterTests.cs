using Shop.Adapters.DynamoDb;
using Shop.Core.Catalog;
using Shop.Core.Uploads;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Uploads;

/// <summary>The importer's SKU claims on moto's DynamoDB, where two sellers' chunks race.</summary>
[Collection(UploadEnvironmentCollection.Name)]
public sealed class CatalogImporterTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task GivesEachSkuToOneSellerAndRefusesItToTheOther_WhenTwoSellersImportTheSameSkusAtOnce()
    {
        var dynamo = fixture.Environment.Aws.DynamoDb;
        var table = UploadParts.Table(fixture);
        var prefix = "Z" + Guid.NewGuid().ToString("N")[..6];
        // More than one claim transaction's worth, so a race can split across transactions.
        var skus = Enumerable.Range(1, 150).Select(i => $"{prefix}-{i}").ToList();
        var rows = skus.Select((sku, i) => new CatalogRow(i + 2, sku, "Lamp " + sku, new Money(1000 + i, "EUR"), 3, UploadParts.Category(), sku, "", "Brand", [], new Dictionary<string, string>())).ToList();
        string[] sellers = ["s-a" + prefix, "s-b" + prefix];

        var results = await Task.WhenAll(sellers.Select(seller => Task.Run(() =>
            new DynamoDbCatalogImporter(dynamo, table, TimeProvider.System).ImportAsync(seller, "u-" + seller, rows, CancellationToken.None))));

        var products = new DynamoDbProductStore(dynamo, table);
        var owners = new Dictionary<string, string>();
        foreach (var sku in skus)
        {
            var owner = await products.FindSkuAsync(sku, CancellationToken.None);
            var product = await products.FindAsync(owner!.ProductId, CancellationToken.None);
            Assert.Equal(owner.SellerId, product!.SellerId);
            Assert.Contains(product.Variants, v => v.Sku == sku);
            owners[sku] = owner.SellerId;
        }
        foreach (var (seller, errors) in sellers.Zip(results))
        {
            var refused = errors.Select(e => rows.Single(r => r.Number == e.Row).Sku).ToHashSet();
            Assert.All(skus, sku => Assert.Equal(owners[sku] != seller, refused.Contains(sku)));
            Assert.All(errors, e => Assert.Equal(CatalogColumns.Sku, e.Column));
        }
    }
}
