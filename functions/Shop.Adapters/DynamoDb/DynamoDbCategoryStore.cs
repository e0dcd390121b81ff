using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Catalog;
using Shop.Core.Common;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// The whole category tree lives in one partition (PK = CATEGORIES), so the storefront reads it
/// with a single query; a shop's tree is hundreds of items, far below a partition's limits. The
/// partition also holds the tree's revision (SK = TREE), which every create and move advances
/// conditionally in the same transaction: tree changes serialize, so a move can never race a
/// create under the subtree it rewrites, and the parent it checked still exists where it was.
/// </summary>
public sealed class DynamoDbCategoryStore(IAmazonDynamoDB dynamo, TableName table) : ICategoryStore
{
    private const string Partition = "CATEGORIES";
    private const string SortPrefix = "CATEGORY#";
    private const string TreeSortKey = "TREE";

    public async Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken) =>
        (await ReadTreeAsync(cancellationToken)).Categories;

    public async Task<CategoryTreeSnapshot> ReadTreeAsync(CancellationToken cancellationToken)
    {
        var categories = new List<Category>();
        long revision = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = table.Value,
                KeyConditionExpression = "PK = :pk",
                ExpressionAttributeValues = new() { [":pk"] = Attr.S(Partition) },
                ConsistentRead = true,
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                if (item["SK"].S == TreeSortKey)
                {
                    revision = item.Long("revision");
                }
                else if (item["SK"].S.StartsWith(SortPrefix, StringComparison.Ordinal))
                {
                    categories.Add(FromItem(item));
                }
            }
            start = page.LastEvaluatedKey is { Count: > 0 } ? page.LastEvaluatedKey : null;
        }
        while (start is not null);
        return new CategoryTreeSnapshot(categories, revision);
    }

    public Task SaveAsync(Category category, CancellationToken cancellationToken) =>
        dynamo.PutItemAsync(new PutItemRequest { TableName = table.Value, Item = ToItem(category) }, cancellationToken);

    public Task CreateAsync(Category category, long treeRevision, CancellationToken cancellationToken) =>
        WriteAsync(treeRevision, [Put(category, "attribute_not_exists(SK)")], cancellationToken);

    public Task UpdateAsync(IReadOnlyList<Category> changed, long treeRevision, CancellationToken cancellationToken) =>
        WriteAsync(treeRevision, changed.Select(c => Put(c, "attribute_exists(SK)")).ToList(), cancellationToken);

    private async Task WriteAsync(long treeRevision, List<TransactWriteItem> writes, CancellationToken cancellationToken)
    {
        writes.Insert(0, AdvanceRevision(treeRevision));
        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
        }
        catch (TransactionCanceledException)
        {
            throw new ConcurrentChangeException("The category tree changed since it was read.");
        }
    }

    private TransactWriteItem AdvanceRevision(long treeRevision) => new()
    {
        Update = new Update
        {
            TableName = table.Value,
            Key = new() { ["PK"] = Attr.S(Partition), ["SK"] = Attr.S(TreeSortKey) },
            UpdateExpression = "SET #type = :type, #revision = :next",
            // A tree only ever seeded has no revision item yet.
            ConditionExpression = treeRevision == 0 ? "attribute_not_exists(#revision)" : "#revision = :read",
            ExpressionAttributeNames = new() { ["#type"] = "type", ["#revision"] = "revision" },
            ExpressionAttributeValues = treeRevision == 0
                ? new() { [":type"] = Attr.S("CategoryTree"), [":next"] = Attr.N(1) }
                : new() { [":type"] = Attr.S("CategoryTree"), [":next"] = Attr.N(treeRevision + 1), [":read"] = Attr.N(treeRevision) },
        },
    };

    private TransactWriteItem Put(Category category, string condition) =>
        new() { Put = new Put { TableName = table.Value, Item = ToItem(category), ConditionExpression = condition } };

    private static Dictionary<string, AttributeValue> ToItem(Category category)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["PK"] = Attr.S(Partition),
            ["SK"] = Attr.S(SortPrefix + category.Id),
            ["type"] = Attr.S("Category"),
            ["id"] = Attr.S(category.Id),
            ["name"] = Attr.S(category.Name),
            ["path"] = Attr.S(category.Path),
            ["position"] = Attr.N(category.Position),
        };
        if (category.ParentId is not null)
        {
            item["parentId"] = Attr.S(category.ParentId);
        }
        return item;
    }

    private static Category FromItem(Dictionary<string, AttributeValue> item) => new(
        item["id"].S,
        item["name"].S,
        item.OptionalString("parentId"),
        item["path"].S,
        (int)item.Long("position"));
}
