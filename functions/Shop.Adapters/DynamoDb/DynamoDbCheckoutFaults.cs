using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Checkout;
using Shop.Core.Orders;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// Fault plans for tests, read from <c>CHECKOUT_FAULT#&lt;cartId&gt;</c> / <c>FAULT</c> (attributes
/// <c>step</c>, <c>kind</c>, <c>delayMs</c>, <c>paymentWaitSeconds</c>). Keyed by the cart because a
/// test knows it before the order exists, and the execution starts as the order is placed. Only
/// the local and test configuration registers this (<c>SHOP_CHECKOUT_FAULTS=table</c>); nothing in
/// the REST contract writes these items.
/// </summary>
public sealed class DynamoDbCheckoutFaults(IAmazonDynamoDB dynamo, TableName table) : ICheckoutFaults
{
    public const string PartitionPrefix = "CHECKOUT_FAULT#";
    public const string SortKey = "FAULT";

    public async Task<CheckoutFault?> ForAsync(Order order, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table.Value,
            Key = ProductItems.Key(PartitionPrefix + order.CartId, SortKey),
            ConsistentRead = true,
        }, cancellationToken);
        if (response.Item is not { Count: > 0 } item)
        {
            return null;
        }
        var wait = item.Long("paymentWaitSeconds", -1);
        return new CheckoutFault(item.String("step"), item.String("kind"), (int)item.Long("delayMs"), wait >= 0 ? (int)wait : null);
    }
}
