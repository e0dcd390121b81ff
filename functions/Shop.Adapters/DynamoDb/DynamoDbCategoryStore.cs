using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Catalog;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// The whole category tree lives in one partition (PK = CATEGORIES), so the storefront reads it
/// with a single query; a shop's tree is hundreds of items, far below a partition's limits.
/// </summary>
public sealed class DynamoDbCategoryStore(IAmazonDynamoDB dynamo, TableName table) : ICategoryStore
{
    private const string Partition = "CATEGORIES";
    private const string SortPrefix = "CATEGORY#";

    public async Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken)
    {
        var categories = new List<Category>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = table.Value,
                KeyConditionExpression = "PK = :pk AND begins_with(SK, :sk)",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":pk"] = new() { S = Partition },
                    [":sk"] = new() { S = SortPrefix },
                },
                ExclusiveStartKey = start,
            }, cancellationToken);
            categories.AddRange(page.Items.Select(FromItem));
            start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
        }
        while (start is not null);
        return categories;
    }

    public Task SaveAsync(Category category, CancellationToken cancellationToken) =>
        dynamo.PutItemAsync(new PutItemRequest { TableName = table.Value, Item = ToItem(category) }, cancellationToken);

    private static Dictionary<string, AttributeValue> ToItem(Category category)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["PK"] = new() { S = Partition },
            ["SK"] = new() { S = SortPrefix + category.Id },
            ["type"] = new() { S = "Category" },
            ["id"] = new() { S = category.Id },
            ["name"] = new() { S = category.Name },
            ["path"] = new() { S = category.Path },
            ["position"] = new() { N = category.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        if (category.ParentId is not null)
        {
            item["parentId"] = new() { S = category.ParentId };
        }
        return item;
    }

    private static Category FromItem(Dictionary<string, AttributeValue> item) => new(
        item["id"].S,
        item["name"].S,
        item.TryGetValue("parentId", out var parent) ? parent.S : null,
        item["path"].S,
        item.TryGetValue("position", out var position) ? int.Parse(position.N, System.Globalization.CultureInfo.InvariantCulture) : 0);
}
