namespace Shop.Core.Catalog;

// What a seller sends, as sent: every part may be missing or out of range, and the use cases say
// which, by field path, before anything is written.

public sealed record MoneyInput(long? Amount, string? Currency);

public sealed record VariantInput(string? Sku, MoneyInput? Price, IReadOnlyDictionary<string, string>? Options, int? Stock);

public sealed record NewProduct(
    string? Name,
    string? Brand,
    string? Description,
    string? CategoryId,
    IReadOnlyDictionary<string, string>? Attributes,
    IReadOnlyList<string>? Options,
    IReadOnlyList<VariantInput>? Variants,
    string? Status);

/// <summary>The product fields to change; absent ones stay as they are. Option names are fixed once variants use them.</summary>
public sealed record ProductChanges(
    string? Name,
    string? Brand,
    string? Description,
    string? CategoryId,
    IReadOnlyDictionary<string, string>? Attributes,
    string? Status);

/// <summary>A variant's price or option values; its SKU is its identity and its stock changes through inventory only.</summary>
public sealed record VariantChanges(MoneyInput? Price, IReadOnlyDictionary<string, string>? Options);
