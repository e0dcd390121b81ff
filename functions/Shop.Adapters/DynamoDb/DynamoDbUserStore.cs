using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Adapters.DynamoDb;

/// <summary>Users' profiles, addresses and seller applications in the single table (data-model.md, patterns 9–12).</summary>
public sealed class DynamoDbUserStore(IAmazonDynamoDB dynamo, TableName table) : IUserStore
{
    private const string Profile = "PROFILE";
    private const string AddressPrefix = "ADDRESS#";
    private const string Application = "SELLER_APPLICATION";

    public async Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(userId, Profile, cancellationToken);
        return item is null ? null : new UserProfile(
            item["id"].S,
            item["email"].S,
            Text(item, "name"),
            Text(item, "phone"),
            Enum.Parse<UserStatus>(item["status"].S, ignoreCase: true),
            Time(item["createdAt"].S),
            Time(item["updatedAt"].S));
    }

    public Task SaveAsync(UserProfile profile, CancellationToken cancellationToken)
    {
        var item = Item(profile.Id, Profile, "User");
        item["id"] = S(profile.Id);
        item["email"] = S(profile.Email);
        Set(item, "name", profile.Name);
        Set(item, "phone", profile.Phone);
        item["status"] = S(profile.Status.ToString().ToLowerInvariant());
        item["createdAt"] = S(Iso(profile.CreatedAt));
        item["updatedAt"] = S(Iso(profile.UpdatedAt));
        return dynamo.PutItemAsync(new PutItemRequest { TableName = table.Value, Item = item }, cancellationToken);
    }

    public async Task<IReadOnlyList<Address>> ListAddressesAsync(string userId, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = table.Value,
            KeyConditionExpression = "PK = :pk AND begins_with(SK, :sk)",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = S(UserKey(userId)), [":sk"] = S(AddressPrefix) },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Items.Select(ToAddress).OrderBy(a => a.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>All in one transaction: a new default and the old default's demotion land together or not at all.</summary>
    public Task SaveAddressesAsync(string userId, IReadOnlyList<Address> changed, CancellationToken cancellationToken) =>
        dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = changed.Select(a => new TransactWriteItem { Put = new Put { TableName = table.Value, Item = ToItem(userId, a) } }).ToList(),
        }, cancellationToken);

    public async Task<bool> DeleteAddressAsync(string userId, string addressId, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = table.Value,
                Key = Key(userId, AddressPrefix + addressId),
                ConditionExpression = "attribute_exists(PK)",
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<SellerApplication?> GetApplicationAsync(string userId, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(userId, Application, cancellationToken);
        return item is null ? null : ToApplication(item);
    }

    public Task SaveApplicationAsync(SellerApplication application, CancellationToken cancellationToken)
    {
        var item = Item(application.UserId, Application, "SellerApplication");
        item["userId"] = S(application.UserId);
        item["storeName"] = S(application.StoreName);
        item["status"] = S(Status(application.Status));
        item["appliedAt"] = S(Iso(application.AppliedAt));
        Set(item, "decidedAt", application.DecidedAt is { } decided ? Iso(decided) : null);
        Set(item, "decidedBy", application.DecidedBy);
        item["GSI1PK"] = S(ApplicationsKey(application.Status));
        item["GSI1SK"] = S($"{Iso(application.AppliedAt)}#{application.UserId}");
        return dynamo.PutItemAsync(new PutItemRequest { TableName = table.Value, Item = item }, cancellationToken);
    }

    public async Task<Page<SellerApplication>> ListApplicationsAsync(SellerApplicationStatus status, PageRequest page, CancellationToken cancellationToken)
    {
        var listing = new IndexListing("GSI1", ApplicationsKey(status), Forward: true, SortKeyShapes.TimeThenId(), userId => Key(userId, Application));
        var items = await listing.QueryAsync(dynamo, table, page, cancellationToken);
        return new Page<SellerApplication>(items.Items.Select(ToApplication).ToList(), items.NextCursor);
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string userId, string sortKey, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = table.Value, Key = Key(userId, sortKey), ConsistentRead = true }, cancellationToken);
        return response.IsItemSet && response.Item.Count > 0 ? response.Item : null;
    }

    private static Address ToAddress(Dictionary<string, AttributeValue> item) => new(
        item["id"].S, item["name"].S, item["line1"].S, Text(item, "line2"), item["city"].S, Text(item, "region"),
        item["postalCode"].S, item["country"].S, Text(item, "phone"), item.TryGetValue("isDefault", out var isDefault) && isDefault.BOOL == true);

    private static Dictionary<string, AttributeValue> ToItem(string userId, Address address)
    {
        var item = Item(userId, AddressPrefix + address.Id, "Address");
        item["id"] = S(address.Id);
        item["name"] = S(address.Name);
        item["line1"] = S(address.Line1);
        Set(item, "line2", address.Line2);
        item["city"] = S(address.City);
        Set(item, "region", address.Region);
        item["postalCode"] = S(address.PostalCode);
        item["country"] = S(address.Country);
        Set(item, "phone", address.Phone);
        item["isDefault"] = new AttributeValue { BOOL = address.IsDefault };
        return item;
    }

    private static SellerApplication ToApplication(Dictionary<string, AttributeValue> item) => new(
        item["userId"].S,
        item["storeName"].S,
        Enum.Parse<SellerApplicationStatus>(item["status"].S, ignoreCase: true),
        Time(item["appliedAt"].S),
        Text(item, "decidedAt") is { } decided ? Time(decided) : null,
        Text(item, "decidedBy"));

    private static string UserKey(string userId) => "USER#" + userId;
    private static string ApplicationsKey(SellerApplicationStatus status) => "SELLER_APPLICATIONS#" + Status(status);
    private static string Status(SellerApplicationStatus status) => status.ToString().ToLowerInvariant();

    private static Dictionary<string, AttributeValue> Key(string userId, string sortKey) => new() { ["PK"] = S(UserKey(userId)), ["SK"] = S(sortKey) };

    private static Dictionary<string, AttributeValue> Item(string userId, string sortKey, string type)
    {
        var item = Key(userId, sortKey);
        item["type"] = S(type);
        return item;
    }

    private static AttributeValue S(string value) => Attr.S(value);

    private static void Set(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.OptionalString(name);

    private static string Iso(DateTimeOffset time) => Attr.Time(time);

    private static DateTimeOffset Time(string text) => Attr.ParseTime(text);
}
