using System.Text.RegularExpressions;
using Shop.Core.Common;

namespace Shop.Core.Catalog;

/// <summary>The catalog's input rules, each failure reported at the field path the client sent it under.</summary>
public static partial class ProductRules
{
    public const int MaxNameLength = 200;
    public const int MaxBrandLength = 100;
    public const int MaxDescriptionLength = 5000;
    public const int MaxAttributes = 50;
    public const int MaxAttributeNameLength = 50;
    public const int MaxAttributeValueLength = 500;
    public const int MaxOptions = 3;
    public const int MaxOptionLength = 50;

    /// <summary>
    /// A new product, its variants and their SKU claims are written in one DynamoDB transaction,
    /// which takes at most 100 writes (1 + 2 per variant); more variants are added one at a time.
    /// </summary>
    public const int MaxVariantsOnCreate = 49;

    public static readonly IReadOnlyList<string> ImageContentTypes = ["image/jpeg", "image/png", "image/webp"];

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    public static bool IsSku(string? sku) => sku is not null && SkuPattern().IsMatch(sku);

    public static void CheckText(Validation validation, string field, string? value, int max, bool required = true)
    {
        if (value is null)
        {
            validation.When(required, field, "Is required.");
            return;
        }
        var length = value.Trim().Length;
        validation.When(required ? length == 0 || length > max : value.Length > max, field, required ? $"Must be 1 to {max} characters." : $"Must be at most {max} characters.");
    }

    public static void CheckAttributes(Validation validation, IReadOnlyDictionary<string, string>? attributes)
    {
        if (attributes is null)
        {
            return;
        }
        validation.When(attributes.Count > MaxAttributes, "attributes", $"At most {MaxAttributes} attributes.");
        foreach (var (name, value) in attributes)
        {
            validation.When(name.Trim().Length is 0 or > MaxAttributeNameLength, "attributes", $"Attribute names are 1 to {MaxAttributeNameLength} characters.");
            CheckText(validation, $"attributes.{name}", value, MaxAttributeValueLength);
        }
    }

    public static void CheckOptionNames(Validation validation, IReadOnlyList<string>? options)
    {
        if (options is null)
        {
            return;
        }
        validation.When(options.Count > MaxOptions, "options", $"At most {MaxOptions} options.");
        for (var i = 0; i < options.Count; i++)
        {
            CheckText(validation, $"options[{i}]", options[i], MaxOptionLength);
            validation.When(options.Take(i).Contains(options[i], StringComparer.Ordinal), $"options[{i}]", "Appears twice.");
        }
    }

    public static ProductStatus? CheckStatus(Validation validation, string? status, ProductStatus fallback)
    {
        if (status is null)
        {
            return fallback;
        }
        var parsed = ProductStatuses.Parse(status);
        validation.When(parsed is null, "status", "Must be draft, active or archived.");
        return parsed;
    }

    /// <summary>A variant's own fields: its SKU, price and stock; <paramref name="prefix"/> is its path in the request ("variants[1]." or "").</summary>
    public static void CheckVariant(Validation validation, string prefix, VariantInput variant)
    {
        validation.When(!IsSku(variant.Sku), prefix + "sku", "Must be 1 to 64 letters, digits, '.', '_' or '-'.");
        CheckPrice(validation, prefix + "price", variant.Price);
        validation.When(variant.Stock is < 0 or > Variant.MaxStock, prefix + "stock", $"Must be from 0 to {Variant.MaxStock}.");
    }

    public static void CheckPrice(Validation validation, string field, MoneyInput? price)
    {
        if (price is null)
        {
            validation.Add(field, "Is required.");
            return;
        }
        validation.When(price.Amount is null or < 0 or > Money.MaxAmount, field + ".amount", $"Must be a whole number of minor units from 0 to {Money.MaxAmount}.");
        validation.When(price.Currency is null || !CurrencyPattern().IsMatch(price.Currency), field + ".currency", "Must be an ISO 4217 code in capitals, such as EUR.");
    }

    /// <summary>Option values for exactly the product's option names, each 1–50 characters.</summary>
    public static void CheckOptionValues(Validation validation, string field, IReadOnlyDictionary<string, string>? values, IReadOnlyList<string> names)
    {
        values ??= new Dictionary<string, string>();
        if (values.Count != names.Count || !names.All(values.ContainsKey))
        {
            validation.Add(field, names.Count == 0
                ? "Must be empty: the product has no options."
                : $"Must give a value for exactly the product's options: {string.Join(", ", names)}.");
            return;
        }
        foreach (var (name, value) in values)
        {
            CheckText(validation, $"{field}.{name}", value, MaxOptionLength);
        }
    }

    /// <summary>Whether two variants would be indistinguishable to a shopper.</summary>
    public static bool SameOptions(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    public static Money ToMoney(MoneyInput price) => new(price.Amount!.Value, price.Currency!);

    public static IReadOnlyDictionary<string, string> Trimmed(IReadOnlyDictionary<string, string>? values) =>
        (values ?? new Dictionary<string, string>()).ToDictionary(pair => pair.Key, pair => pair.Value.Trim(), StringComparer.Ordinal);
}
