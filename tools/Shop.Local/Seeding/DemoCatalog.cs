using Amazon.DynamoDBv2;
using Shop.Adapters.DynamoDb;
using Shop.Core.Catalog;
using Shop.Core.Pricing;

namespace Shop.Local.Seeding;

/// <summary>
/// The demo catalog `./shop up` starts with, generated the same way every time, written through
/// the same adapters the functions use.
/// </summary>
public static class DemoCatalog
{
    private static readonly (string Name, string[] Children)[] Tree =
    [
        ("Electronics", ["Phones", "Laptops", "Audio", "Cameras", "Wearables"]),
        ("Home & Kitchen", ["Cookware", "Furniture", "Lighting", "Storage"]),
        ("Books", ["Fiction", "Non-fiction", "Children's Books", "Comics"]),
        ("Sports & Outdoors", ["Cycling", "Camping", "Fitness", "Running"]),
        ("Fashion", ["Men", "Women", "Shoes", "Accessories"]),
        ("Toys & Games", ["Board Games", "Building Sets", "Puzzles"]),
    ];

    public static IReadOnlyList<Category> Categories()
    {
        var categories = new List<Category>();
        for (var i = 0; i < Tree.Length; i++)
        {
            var (name, children) = Tree[i];
            var rootId = Slug(name);
            categories.Add(new Category(rootId, name, null, "/" + rootId, i));
            for (var j = 0; j < children.Length; j++)
            {
                var childId = rootId + "-" + Slug(children[j]);
                categories.Add(new Category(childId, children[j], rootId, $"/{rootId}/{childId}", j));
            }
        }
        return categories;
    }

    /// <summary>The demo products, all active and owned by <paramref name="sellerId"/>; the same list for the same seller every time.</summary>
    public static IReadOnlyList<Product> Products(string sellerId) => DemoProducts.Generate(Categories(), sellerId);

    public static async Task SeedAsync(IAmazonDynamoDB dynamo, string tableName, string sellerId, CancellationToken cancellationToken)
    {
        var table = new TableName(tableName);
        var categories = new DynamoDbCategoryStore(dynamo, table);
        foreach (var category in Categories())
        {
            await categories.SaveAsync(category, cancellationToken);
        }
        // A bulk import, not a transaction per product: the table is fresh, and moto copies the whole
        // table for every transaction, which made seeding take minutes.
        await new DynamoDbProductStore(dynamo, table).ImportAsync(Products(sellerId), cancellationToken);
        var promotions = new DynamoDbPromotionStore(dynamo, table);
        foreach (var promotion in Promotions)
        {
            await promotions.SaveAsync(promotion, cancellationToken);
        }
    }

    /// <summary>Demo promotion codes: 10% off from 20 EUR, and free standard shipping, which combine.</summary>
    public static IReadOnlyList<Promotion> Promotions { get; } =
    [
        new("WELCOME10", "10% off orders from 20 EUR", new PromotionBenefit.PercentOff(1000), "EUR", null, null, 2000, PromotionScope.Everything, null, PerMemberLimit: 1),
        new("FREESHIP", "Free standard shipping", new PromotionBenefit.FreeShipping(), "EUR", null, null, 0, PromotionScope.Everything, null, null),
    ];

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
            .Replace("--", "-").Replace("--", "-").Trim('-');
}
