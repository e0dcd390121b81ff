using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core;
using Shop.Core.Pricing;
using Shop.Core.Promotions;

namespace Shop.Adapters.DynamoDb;

/// <summary>Promotion definitions, one item per code: <c>PROMOTION#CODE</c> / <c>PROMOTION</c>.</summary>
public sealed class DynamoDbPromotionStore(IAmazonDynamoDB dynamo, TableName table) : IPromotionStore
{
    private const string SortKey = "PROMOTION";

    public async Task<Promotion?> FindAsync(string code, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = table.Value, Key = Key(code) }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    public async Task<IReadOnlyList<Promotion>> FindManyAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        if (codes.Count == 0)
        {
            return [];
        }
        var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { [table.Value] = new KeysAndAttributes { Keys = codes.Distinct().Select(Key).ToList() } },
        }, cancellationToken);
        // A handful of keys: an unprocessed one (throttling) is read on its own rather than dropped.
        var found = (response.Responses.GetValueOrDefault(table.Value) ?? []).Select(Read).ToList();
        foreach (var key in response.UnprocessedKeys.GetValueOrDefault(table.Value)?.Keys ?? [])
        {
            if (await FindAsync(key[ShopNames.Table.PartitionKey].S["PROMOTION#".Length..], cancellationToken) is { } promotion)
            {
                found.Add(promotion);
            }
        }
        return found;
    }

    public async Task SaveAsync(Promotion promotion, CancellationToken cancellationToken)
    {
        var item = new Dictionary<string, AttributeValue>(Key(promotion.Code))
        {
            ["type"] = Attr.S("Promotion"),
            ["code"] = Attr.S(promotion.Code),
            ["description"] = Attr.S(promotion.Description),
            ["currency"] = Attr.S(promotion.Currency),
            ["minSubtotal"] = Attr.N(promotion.MinSubtotal),
            ["categoryIds"] = Attr.List(promotion.Scope.CategoryIds.Select(Attr.S)),
            ["sellerIds"] = Attr.List(promotion.Scope.SellerIds.Select(Attr.S)),
        };
        switch (promotion.Benefit)
        {
            case PromotionBenefit.PercentOff percent:
                item["benefit"] = Attr.S(PromotionTypes.PercentOff);
                item["basisPoints"] = Attr.N(percent.BasisPoints);
                break;
            case PromotionBenefit.AmountOff amount:
                item["benefit"] = Attr.S(PromotionTypes.AmountOff);
                item["amount"] = Attr.N(amount.Amount);
                break;
            case PromotionBenefit.FreeShipping:
                item["benefit"] = Attr.S(PromotionTypes.FreeShipping);
                break;
            case PromotionBenefit.BuyXGetY buyGet:
                item["benefit"] = Attr.S(PromotionTypes.BuyXGetY);
                item["buy"] = Attr.N(buyGet.Buy);
                item["get"] = Attr.N(buyGet.Get);
                break;
        }
        if (promotion.StartsAt is { } starts)
        {
            item["startsAt"] = Attr.S(Attr.Time(starts));
        }
        if (promotion.EndsAt is { } ends)
        {
            item["endsAt"] = Attr.S(Attr.Time(ends));
        }
        if (promotion.TotalLimit is { } total)
        {
            item["totalLimit"] = Attr.N(total);
        }
        if (promotion.PerMemberLimit is { } perMember)
        {
            item["perMemberLimit"] = Attr.N(perMember);
        }
        await dynamo.PutItemAsync(new PutItemRequest { TableName = table.Value, Item = item }, cancellationToken);
    }

    private static Dictionary<string, AttributeValue> Key(string code) => new()
    {
        [ShopNames.Table.PartitionKey] = Attr.S("PROMOTION#" + code),
        [ShopNames.Table.SortKey] = Attr.S(SortKey),
    };

    private static Promotion Read(Dictionary<string, AttributeValue> item)
    {
        PromotionBenefit benefit = item.String("benefit") switch
        {
            PromotionTypes.PercentOff => new PromotionBenefit.PercentOff((int)item.Long("basisPoints")),
            PromotionTypes.AmountOff => new PromotionBenefit.AmountOff(item.Long("amount")),
            PromotionTypes.FreeShipping => new PromotionBenefit.FreeShipping(),
            PromotionTypes.BuyXGetY => new PromotionBenefit.BuyXGetY((int)item.Long("buy"), (int)item.Long("get")),
            var other => throw new InvalidDataException($"Promotion {item.String("code")} has an unknown benefit '{other}'."),
        };
        return new Promotion(
            item.String("code"),
            item.String("description"),
            benefit,
            item.String("currency"),
            item.OptionalString("startsAt") is { } starts ? Attr.ParseTime(starts) : null,
            item.OptionalString("endsAt") is { } ends ? Attr.ParseTime(ends) : null,
            item.Long("minSubtotal"),
            new PromotionScope(item.ListOf("categoryIds").Select(v => v.S).ToList(), item.ListOf("sellerIds").Select(v => v.S).ToList()),
            item.ContainsKey("totalLimit") ? (int)item.Long("totalLimit") : null,
            item.ContainsKey("perMemberLimit") ? (int)item.Long("perMemberLimit") : null);
    }
}
