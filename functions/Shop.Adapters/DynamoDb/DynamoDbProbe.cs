using Amazon.DynamoDBv2;
using Shop.Core.Health;

namespace Shop.Adapters.DynamoDb;

public sealed class DynamoDbProbe(IAmazonDynamoDB dynamo, TableName table) : IDependencyProbe
{
    public string Name => "dynamodb";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var description = await dynamo.DescribeTableAsync(table.Value, cancellationToken);
        var status = description.Table.TableStatus.Value;
        return status == "ACTIVE" ? null : throw new InvalidOperationException($"table is {status}");
    }
}
