using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Adapters.DynamoDb;
using Shop.Core;

namespace Shop.Integration.Tests.Catalog;

/// <summary>A fresh single table with docs/data-model.md's keys and its three overloaded indexes, so adapter tests share no data.</summary>
internal static class CatalogTable
{
    public static async Task<TableName> CreateAsync(IAmazonDynamoDB dynamo)
    {
        var name = "catalog-" + Guid.NewGuid().ToString("N")[..10];
        List<AttributeDefinition> attributes = [new("PK", ScalarAttributeType.S), new("SK", ScalarAttributeType.S)];
        var indexes = new List<GlobalSecondaryIndex>();
        foreach (var index in ShopNames.Table.GlobalIndexes)
        {
            attributes.Add(new AttributeDefinition(index + "PK", ScalarAttributeType.S));
            attributes.Add(new AttributeDefinition(index + "SK", ScalarAttributeType.S));
            indexes.Add(new GlobalSecondaryIndex
            {
                IndexName = index,
                KeySchema = [new KeySchemaElement(index + "PK", KeyType.HASH), new KeySchemaElement(index + "SK", KeyType.RANGE)],
                Projection = new Projection { ProjectionType = ProjectionType.ALL },
            });
        }
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("PK", KeyType.HASH), new KeySchemaElement("SK", KeyType.RANGE)],
            AttributeDefinitions = attributes,
            GlobalSecondaryIndexes = indexes,
        });
        return new TableName(name);
    }
}
