using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Tests.Builders;
using static Shop.Core.Tests.Builders.CategoryBuilder;
using static Shop.Core.Tests.Builders.Callers;
using static Shop.Core.Tests.Builders.NewProductBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class CreateProductTests
{
    private readonly InMemoryProductStore _products = new();
    private readonly CreateProduct _create;

    public CreateProductTests() =>
        _create = new CreateProduct(_products, new InMemoryCategoryStore(ACategory("running").Build()), new FixedClock());

    [Fact]
    public async Task StoresDraftOwnedByCaller_WhenStatusNotGiven()
    {
        var product = await _create.HandleAsync(ASeller("seller-7"), ANewProduct().Build(), CancellationToken.None);

        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.Equal("seller-7", product.SellerId);
        Assert.Equal(1, product.Version);
        Assert.Equal(FixedClock.Now, product.CreatedAt);
        Assert.Equal(new Money(8999, "EUR"), product.MinPrice);
        Assert.Equal(["TR2-BLU-43", "TR2-RED-42"], product.Variants.Select(v => v.Sku));
        Assert.Same(product, _products.Stored(product.Id));
    }

    [Fact]
    public async Task StoresActiveProduct_WhenSellerAsksForActive()
    {
        var product = await _create.HandleAsync(ASeller(), ANewProduct().WithStatus("active").Build(), CancellationToken.None);

        Assert.Equal(ProductStatus.Active, _products.Stored(product.Id)!.Status);
    }

    public static TheoryData<string, Func<NewProductBuilder, NewProductBuilder>> BrokenInputs => new()
    {
        { "name", b => b.Named("  ") },
        { "name", b => b.Named(new string('n', 201)) },
        { "brand", b => b.Branded(null) },
        { "brand", b => b.Branded(new string('b', 101)) },
        { "description", b => b.Described(new string('d', 5001)) },
        { "categoryId", b => b.In(null) },
        { "status", b => b.WithStatus("archived") },
        { "status", b => b.WithStatus("published") },
        { "options[1]", b => b.WithOptions("color", "color") },
        { "attributes.material", b => b.WithAttributes(new Dictionary<string, string> { ["material"] = new string('m', 501) }) },
        { "variants", b => b.WithVariants() },
        { "variants", b => b.WithVariants([.. Enumerable.Range(0, 50).Select(i => AVariant($"SKU-{i}", size: i.ToString()))]) },
        { "variants[0].sku", b => b.WithVariant(0, v => v with { Sku = "has space" }) },
        { "variants[0].sku", b => b.WithVariant(0, v => v with { Sku = new string('S', 65) }) },
        { "variants[1].sku", b => b.WithVariant(1, v => v with { Sku = "TR2-RED-42" }) },
        { "variants[1].price", b => b.WithVariant(1, v => v with { Price = null }) },
        { "variants[1].price.amount", b => b.WithVariant(1, v => v with { Price = new MoneyInput(-1, "EUR") }) },
        { "variants[1].price.amount", b => b.WithVariant(1, v => v with { Price = new MoneyInput(100_000_001, "EUR") }) },
        { "variants[0].price.currency", b => b.WithVariant(0, v => v with { Price = new MoneyInput(100, "eur") }) },
        { "variants[1].price.currency", b => b.WithVariant(1, v => v with { Price = new MoneyInput(100, "USD") }) },
        { "variants[0].stock", b => b.WithVariant(0, v => v with { Stock = -1 }) },
        { "variants[0].stock", b => b.WithVariant(0, v => v with { Stock = 1_000_001 }) },
        { "variants[1].options", b => b.WithVariant(1, v => v with { Options = new Dictionary<string, string> { ["color"] = "blue" } }) },
        { "variants[1].options", b => b.WithVariant(1, v => v with { Options = new Dictionary<string, string> { ["color"] = "red", ["size"] = "42" } }) },
        { "variants[0].options.size", b => b.WithVariant(0, v => v with { Options = new Dictionary<string, string> { ["color"] = "red", ["size"] = "" } }) },
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public async Task NamesFieldAndStoresNothing_WhenInputBreaksARule(string field, Func<NewProductBuilder, NewProductBuilder> breakIt)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            _create.HandleAsync(ASeller(), breakIt(ANewProduct()).Build(), CancellationToken.None));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Empty(_products.All);
    }

    [Fact]
    public async Task AcceptsBoundaryValues_WhenEachIsAtItsLimit()
    {
        var input = ANewProduct()
            .Named(new string('n', 200))
            .Branded(new string('b', 100))
            .Described(new string('d', 5000))
            .WithVariant(0, v => v with { Sku = new string('S', 64), Price = new MoneyInput(0, "EUR"), Stock = 0 })
            .WithVariant(1, v => v with { Price = new MoneyInput(Money.MaxAmount, "EUR"), Stock = Variant.MaxStock })
            .Build();

        var product = await _create.HandleAsync(ASeller(), input, CancellationToken.None);

        Assert.Equal(2, product.Variants.Count);
    }

    [Fact]
    public async Task NamesCategory_WhenCategoryDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            _create.HandleAsync(ASeller(), ANewProduct().In("no-such").Build(), CancellationToken.None));

        Assert.Equal(["categoryId"], error.Errors.Keys);
    }

    [Fact]
    public async Task NamesVariantOfTakenSku_WhenCatalogHoldsIt()
    {
        _products.WithSku("TR2-BLU-43", "p-other", "seller-2");

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            _create.HandleAsync(ASeller(), ANewProduct().Build(), CancellationToken.None));

        Assert.Equal(["variants[1].sku"], error.Errors.Keys);
        Assert.Empty(_products.All);
    }

    [Fact]
    public async Task AcceptsVariantWithoutOptions_WhenProductHasNone()
    {
        var input = ANewProduct().WithOptions().WithVariants(new VariantInput("BOOK-1", new MoneyInput(1999, "EUR"), null, 3)).Build();

        var product = await _create.HandleAsync(ASeller(), input, CancellationToken.None);

        Assert.Empty(Assert.Single(product.Variants).Options);
    }
}
