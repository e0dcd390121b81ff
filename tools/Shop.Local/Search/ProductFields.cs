using System.Text.Json;
using System.Text.Json.Serialization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Shop.Core.Search;

namespace Shop.Local.Search;

/// <summary>
/// A <see cref="ProductDocument"/> as Lucene fields, built by walking
/// <see cref="ProductIndexDefinition.Fields"/>: each kind is indexed for what the engine does
/// with it. Text is searched word by word (frequencies, no positions: no query here is a
/// phrase). Keywords are terms for exact lookups and doc values for sorting, facets and filters.
/// Numbers are doc values only: the engine sorts, buckets and filters them from
/// <see cref="SegmentColumns"/>, never through range terms. The field names here are the ones the
/// queries use; each is one of the definition's.
/// </summary>
internal static class ProductFields
{
    public const string Id = "id";
    public const string Name = "name";
    public const string BrandKeyword = "brandKeyword";
    public const string CategoryId = "categoryId";
    public const string SellerId = "sellerId";
    public const string MinPrice = "minPrice";
    public const string Rating = "rating";
    public const string RatingCount = "ratingCount";
    public const string InStock = "inStock";
    public const string CreatedAt = "createdAt";
    public const string Version = "version";

    /// <summary>The whole document as JSON, the only stored field: read for a page's hits and nothing else.</summary>
    public const string Source = "_source";

    public const string True = "true";
    public const string False = "false";

    /// <summary>The fields to load for a hit: its source only.</summary>
    public static readonly ISet<string> StoredFields = new HashSet<string>(StringComparer.Ordinal) { Source };

    private static readonly FieldType Words = Frozen(new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS });

    public static Document ToLucene(ProductDocument product)
    {
        var document = new Document();
        foreach (var field in ProductIndexDefinition.Fields)
        {
            Add(document, field, product);
        }
        // Suggestions are ordered by name and are distinct by it: read from doc values, not from stored JSON.
        document.Add(new SortedDocValuesField(Name, new BytesRef(product.Name)));
        document.Add(new StoredField(Source, JsonSerializer.SerializeToUtf8Bytes(product, LuceneSourceJsonContext.Default.ProductDocument)));
        return document;
    }

    public static ProductDocument FromLucene(Document stored)
    {
        var source = stored.GetField(Source)?.GetBinaryValue()
            ?? throw new InvalidOperationException("An indexed product has no stored source.");
        return JsonSerializer.Deserialize(source.Bytes.AsSpan(source.Offset, source.Length), LuceneSourceJsonContext.Default.ProductDocument)
            ?? throw new InvalidOperationException("An indexed product's stored source is null.");
    }

    private static void Add(Document document, IndexField field, ProductDocument product)
    {
        var name = field.Name;
        switch (field.Kind)
        {
            case IndexFieldKind.Text:
                foreach (var text in Texts(product, name))
                {
                    document.Add(new Field(name, text, Words));
                }
                break;
            case IndexFieldKind.Keyword:
                var keyword = Keyword(product, name);
                document.Add(new StringField(name, keyword, Field.Store.NO));
                document.Add(new SortedDocValuesField(name, new BytesRef(keyword)));
                break;
            case IndexFieldKind.Long:
                document.Add(new NumericDocValuesField(name, Long(product, name)));
                break;
            case IndexFieldKind.Double:
                // An unrated product has no rating at all: it never passes a rating filter and sorts last.
                if (Double(product, name) is { } real)
                {
                    document.Add(new DoubleDocValuesField(name, real));
                }
                break;
            case IndexFieldKind.Boolean:
                document.Add(new StringField(name, Boolean(product, name) ? True : False, Field.Store.NO));
                break;
            default:
                throw Unknown(field);
        }
    }

    private static IEnumerable<string> Texts(ProductDocument product, string field) => field switch
    {
        "name" => [product.Name],
        "brand" => [product.Brand],
        "categoryNames" => product.CategoryNames,
        "attributes" => product.Attributes.Select(a => $"{a.Key} {a.Value}"),
        "description" => [product.Description],
        _ => throw Unknown(field),
    };

    private static string Keyword(ProductDocument product, string field) => field switch
    {
        Id => product.Id,
        BrandKeyword => product.Brand,
        CategoryId => product.CategoryId,
        SellerId => product.SellerId,
        "currency" => product.Currency,
        _ => throw Unknown(field),
    };

    private static long Long(ProductDocument product, string field) => field switch
    {
        MinPrice => product.MinPrice,
        "maxPrice" => product.MaxPrice,
        RatingCount => product.RatingCount,
        CreatedAt => product.CreatedAt.ToUnixTimeMilliseconds(),
        Version => product.Version,
        _ => throw Unknown(field),
    };

    private static double? Double(ProductDocument product, string field) => field switch
    {
        Rating => product.Rating,
        _ => throw Unknown(field),
    };

    private static bool Boolean(ProductDocument product, string field) => field switch
    {
        InStock => product.InStock,
        _ => throw Unknown(field),
    };

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }

    private static InvalidOperationException Unknown(object field) =>
        new($"The Lucene index does not know how to fill the field {field} of ProductIndexDefinition; add it to {nameof(ProductFields)}.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ProductDocument))]
internal sealed partial class LuceneSourceJsonContext : JsonSerializerContext;
