using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Shop.Core;
using Shop.Core.Catalog;

namespace Shop.Adapters.DynamoDb;

/// <summary>The product, variant and SKU registry items of docs/data-model.md, and their index keys.</summary>
internal static class ProductItems
{
    public const string ProductSortKey = "PRODUCT";
    public const string VariantPrefix = "VARIANT#";
    public const string SkuSortKey = "SKU";

    /// <summary>Prices in GSI2's sort key are zero-padded to 12 digits, so text order is numeric order.</summary>
    public const string PriceFormat = "000000000000";

    public static readonly string[] ListingKeys = ["GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"];

    public static string ProductKey(string productId) => ShopNames.Table.ProductPartitionPrefix + productId;

    public static string SkuKey(string sku) => "SKU#" + sku;

    public static string CategoryKey(string categoryId) => "CATEGORY#" + categoryId;

    public static string SellerKey(string sellerId) => "SELLER#" + sellerId;

    public static Dictionary<string, AttributeValue> Key(string pk, string sk) => new() { ["PK"] = Attr.S(pk), ["SK"] = Attr.S(sk) };

    public static Dictionary<string, AttributeValue> ProductItemKey(string productId) => Key(ProductKey(productId), ProductSortKey);

    public static Dictionary<string, AttributeValue> VariantKey(string productId, string sku) => Key(ProductKey(productId), VariantPrefix + sku);

    public static Dictionary<string, AttributeValue> SkuItemKey(string sku) => Key(SkuKey(sku), SkuSortKey);

    public static Dictionary<string, AttributeValue> NewProduct(Product product)
    {
        var item = ProductItemKey(product.Id);
        item["type"] = Attr.S("Product");
        item["id"] = Attr.S(product.Id);
        item["sellerId"] = Attr.S(product.SellerId);
        item["options"] = Attr.List(product.Options.Select(Attr.S));
        item["ratingCount"] = Attr.N(product.Rating.Count);
        item["ratingTotal"] = Attr.N(product.Rating.Total);
        item["createdAt"] = Attr.S(Attr.Time(product.CreatedAt));
        foreach (var (name, value) in Changeable(product))
        {
            item[name] = value;
        }
        return item;
    }

    /// <summary>
    /// What a product update writes: its seller's fields, status, price summary, version and index
    /// keys. Not the rating, which reviews maintain, and not what never changes.
    /// </summary>
    public static Dictionary<string, AttributeValue> Changeable(Product product)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["name"] = Attr.S(product.Name),
            ["brand"] = Attr.S(product.Brand),
            ["description"] = Attr.S(product.Description),
            ["categoryId"] = Attr.S(product.CategoryId),
            ["attributes"] = Attr.Map(product.Attributes),
            ["images"] = Attr.List(product.Images.Select(i => new AttributeValue { M = new() { ["id"] = Attr.S(i.Id), ["key"] = Attr.S(i.Key) } })),
            ["status"] = Attr.S(ProductStatuses.ToText(product.Status)),
            ["minPrice"] = MoneyValue(product.MinPrice),
            ["updatedAt"] = Attr.S(Attr.Time(product.UpdatedAt)),
            ["version"] = Attr.N(product.Version),
            ["GSI3PK"] = Attr.S(SellerKey(product.SellerId)),
            ["GSI3SK"] = Attr.S($"{Attr.Time(product.UpdatedAt)}#{product.Id}"),
        };
        // Only listed products are in the category listings: the indexes are sparse.
        if (product.Status == ProductStatus.Active)
        {
            item["GSI1PK"] = Attr.S(CategoryKey(product.CategoryId));
            item["GSI1SK"] = Attr.S($"{Attr.Time(product.CreatedAt)}#{product.Id}");
            item["GSI2PK"] = Attr.S(CategoryKey(product.CategoryId));
            item["GSI2SK"] = Attr.S($"{product.MinPrice.Amount.ToString(PriceFormat, CultureInfo.InvariantCulture)}#{product.Id}");
        }
        return item;
    }

    public static Dictionary<string, AttributeValue> NewVariant(Variant variant)
    {
        var item = VariantKey(variant.ProductId, variant.Sku);
        item["type"] = Attr.S("Variant");
        item["sku"] = Attr.S(variant.Sku);
        item["productId"] = Attr.S(variant.ProductId);
        item["stock"] = Attr.N(variant.Stock);
        foreach (var (name, value) in ChangeableVariant(variant))
        {
            item[name] = value;
        }
        return item;
    }

    /// <summary>What a variant update writes: never the stock, which only conditional stock writes touch.</summary>
    public static Dictionary<string, AttributeValue> ChangeableVariant(Variant variant) => new()
    {
        ["options"] = Attr.Map(variant.Options),
        ["price"] = MoneyValue(variant.Price),
        ["updatedAt"] = Attr.S(Attr.Time(variant.UpdatedAt)),
    };

    public static Dictionary<string, AttributeValue> NewSku(Product product, Variant variant)
    {
        var item = SkuItemKey(variant.Sku);
        item["type"] = Attr.S("Sku");
        item["sku"] = Attr.S(variant.Sku);
        item["productId"] = Attr.S(product.Id);
        item["sellerId"] = Attr.S(product.SellerId);
        return item;
    }

    public static Product ToProduct(Dictionary<string, AttributeValue> item, IEnumerable<Dictionary<string, AttributeValue>> variants) => new(
        item.String("id"),
        item.String("sellerId"),
        item.String("name"),
        item.String("brand"),
        item.OptionalString("description") ?? "",
        item.String("categoryId"),
        item.StringMap("attributes"),
        item.ListOf("options").Select(o => o.S).ToList(),
        Images(item),
        ProductStatuses.Parse(item.String("status")) ?? throw new InvalidOperationException($"Product {item.String("id")} has status '{item.String("status")}'."),
        new Rating((int)item.Long("ratingCount"), item.Long("ratingTotal")),
        Attr.ParseTime(item.String("createdAt")),
        Attr.ParseTime(item.String("updatedAt")),
        item.Long("version"),
        variants.Select(ToVariant).OrderBy(v => v.Sku, StringComparer.Ordinal).ToList());

    public static ProductSummary ToSummary(Dictionary<string, AttributeValue> item) => new(
        item.String("id"),
        item.String("sellerId"),
        item.String("name"),
        item.String("brand"),
        item.String("categoryId"),
        ProductStatuses.Parse(item.String("status")) ?? ProductStatus.Draft,
        ToMoney(item["minPrice"]),
        new Rating((int)item.Long("ratingCount"), item.Long("ratingTotal")),
        Images(item).FirstOrDefault(),
        Attr.ParseTime(item.String("createdAt")),
        Attr.ParseTime(item.String("updatedAt")));

    public static Variant ToVariant(Dictionary<string, AttributeValue> item) => new(
        item.String("sku"),
        item.String("productId"),
        item.StringMap("options"),
        ToMoney(item["price"]),
        (int)item.Long("stock"),
        Attr.ParseTime(item.String("updatedAt")));

    public static SkuOwner ToSkuOwner(Dictionary<string, AttributeValue> item) =>
        new(item.String("sku"), item.String("productId"), item.String("sellerId"));

    private static List<ProductImage> Images(Dictionary<string, AttributeValue> item) =>
        item.ListOf("images").Select(i => new ProductImage(i.M["id"].S, i.M["key"].S)).ToList();

    private static AttributeValue MoneyValue(Money money) =>
        new() { M = new() { ["amount"] = Attr.N(money.Amount), ["currency"] = Attr.S(money.Currency) } };

    private static Money ToMoney(AttributeValue value) =>
        new(long.Parse(value.M["amount"].N, CultureInfo.InvariantCulture), value.M["currency"].S);
}
