using Shop.Core.Catalog;

namespace Shop.Core.Tests.Builders;

/// <summary>A valid product as a seller would send it (two variants of a shoe), to be broken one field at a time.</summary>
public sealed class NewProductBuilder
{
    private string? _name = "Trail Runner 2";
    private string? _brand = "Northpeak";
    private string? _description = "A light trail shoe.";
    private string? _categoryId = "running";
    private string? _status;
    private IReadOnlyDictionary<string, string>? _attributes = new Dictionary<string, string> { ["material"] = "mesh" };
    private IReadOnlyList<string>? _options = ["color", "size"];
    private List<VariantInput>? _variants =
    [
        AVariant("TR2-RED-42", 8999, color: "red", size: "42"),
        AVariant("TR2-BLU-43", 9499, color: "blue", size: "43"),
    ];

    public static NewProductBuilder ANewProduct() => new();

    public static VariantInput AVariant(string? sku, long? amount = 8999, string? currency = "EUR", string color = "red", string size = "42", int? stock = 5) =>
        new(sku, new MoneyInput(amount, currency), new Dictionary<string, string> { ["color"] = color, ["size"] = size }, stock);

    public NewProductBuilder Named(string? name)
    {
        _name = name;
        return this;
    }

    public NewProductBuilder Branded(string? brand)
    {
        _brand = brand;
        return this;
    }

    public NewProductBuilder Described(string? description)
    {
        _description = description;
        return this;
    }

    public NewProductBuilder In(string? categoryId)
    {
        _categoryId = categoryId;
        return this;
    }

    public NewProductBuilder WithStatus(string? status)
    {
        _status = status;
        return this;
    }

    public NewProductBuilder WithOptions(params string[] options)
    {
        _options = options;
        return this;
    }

    public NewProductBuilder WithAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        _attributes = attributes;
        return this;
    }

    public NewProductBuilder WithVariants(params VariantInput[] variants)
    {
        _variants = [.. variants];
        return this;
    }

    /// <summary>Replaces one variant of the default two.</summary>
    public NewProductBuilder WithVariant(int index, Func<VariantInput, VariantInput> change)
    {
        _variants![index] = change(_variants[index]);
        return this;
    }

    public NewProduct Build() => new(_name, _brand, _description, _categoryId, _attributes, _options, _variants, _status);
}
