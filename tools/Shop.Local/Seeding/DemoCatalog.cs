using Amazon.DynamoDBv2;
using Shop.Adapters.DynamoDb;
using Shop.Core.Catalog;

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

    public static async Task SeedAsync(IAmazonDynamoDB dynamo, string tableName, CancellationToken cancellationToken)
    {
        var store = new DynamoDbCategoryStore(dynamo, new TableName(tableName));
        foreach (var category in Categories())
        {
            await store.SaveAsync(category, cancellationToken);
        }
    }

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
            .Replace("--", "-").Replace("--", "-").Trim('-');
}
