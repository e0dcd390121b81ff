using Shop.Core.Catalog;

namespace Shop.Core.Search;

/// <summary>
/// A product as the search index holds it: the text a shopper searches, the values they filter,
/// facet and sort by, and the product's <see cref="Version"/>. An index keeps a document only if
/// no newer version of it is already there (equal versions replace: stock changes do not bump
/// the product's version).
/// </summary>
public sealed record ProductDocument(
    string Id,
    long Version,
    string Name,
    string Brand,
    string Description,
    string CategoryId,
    IReadOnlyList<string> CategoryNames,
    IReadOnlyDictionary<string, string> Attributes,
    long MinPrice,
    long MaxPrice,
    string Currency,
    double? Rating,
    int RatingCount,
    bool InStock,
    string SellerId,
    DateTimeOffset CreatedAt,
    string? ImageKey)
{
    /// <summary>
    /// The document of an active product, or null when the product belongs out of the index
    /// (draft, archived, no variants). <paramref name="categoryNames"/> are the names along the
    /// category's path, root first, so "lighting" finds a lamp.
    /// </summary>
    public static ProductDocument? From(Product product, IReadOnlyList<string> categoryNames)
    {
        if (product.Status != ProductStatus.Active || product.Variants.Count == 0)
        {
            return null;
        }
        return new ProductDocument(
            product.Id,
            product.Version,
            product.Name,
            product.Brand,
            product.Description,
            product.CategoryId,
            categoryNames,
            product.Attributes,
            product.Variants.Min(v => v.Price.Amount),
            product.Variants.Max(v => v.Price.Amount),
            product.Variants[0].Price.Currency,
            product.Rating.Average,
            product.Rating.Count,
            product.Variants.Any(v => v.Stock > 0),
            product.SellerId,
            product.CreatedAt,
            product.Images.Count > 0 ? product.Images[0].Key : null);
    }
}
