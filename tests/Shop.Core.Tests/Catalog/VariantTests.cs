using Shop.Core.Catalog;
using Shop.Core.Common;
using static Shop.Core.Tests.Builders.Callers;
using static Shop.Core.Tests.Builders.NewProductBuilder;
using static Shop.Core.Tests.Builders.ProductBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class VariantTests
{
    private readonly InMemoryProductStore _products = new();
    private readonly FixedClock _clock = new();

    private Task<Variant> AddAsync(VariantInput input, string seller = "seller-1") =>
        new AddVariant(_products, _clock).HandleAsync(ASeller(seller), "p-trail", input, CancellationToken.None);

    [Fact]
    public async Task AddsVariantAndLowersMinPrice_WhenNewVariantIsCheaper()
    {
        _products.With(AProduct().WithVariant("TR2-RED-42", 8999).Build());

        await AddAsync(AVariant("TR2-GRN-44", 7999, color: "green", size: "44"));

        var stored = _products.Stored("p-trail")!;
        Assert.Equal(["TR2-GRN-44", "TR2-RED-42"], stored.Variants.Select(v => v.Sku));
        Assert.Equal(new Money(7999, "EUR"), stored.MinPrice);
        Assert.Equal(2, stored.Version);
    }

    public static TheoryData<string, VariantInput> MisfittingVariants => new()
    {
        { "options", new VariantInput("TR2-X", new MoneyInput(100, "EUR"), new Dictionary<string, string> { ["color"] = "red" }, 1) },
        { "options", new VariantInput("TR2-X", new MoneyInput(100, "EUR"), new Dictionary<string, string> { ["color"] = "red", ["size"] = "M" }, 1) },
        { "price.currency", AVariant("TR2-X", 100, currency: "USD", color: "green") },
        { "sku", AVariant("TR2-RED-42", 100, color: "green") },
        { "sku", AVariant("bad sku", 100, color: "green") },
        { "stock", AVariant("TR2-X", 100, color: "green", stock: -3) },
        { "price.amount", AVariant("TR2-X", -1, color: "green") },
    };

    [Theory]
    [MemberData(nameof(MisfittingVariants))]
    public async Task NamesFieldAndAddsNothing_WhenVariantDoesNotFit(string field, VariantInput input)
    {
        _products.With(AProduct().WithVariant("TR2-RED-42", color: "red", size: "M").Build());

        var error = await Assert.ThrowsAsync<ValidationException>(() => AddAsync(input));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Single(_products.Stored("p-trail")!.Variants);
    }

    [Fact]
    public async Task NamesSku_WhenAnotherProductHoldsIt()
    {
        _products.With(AProduct().Build()).WithSku("TAKEN-1", "p-other", "seller-2");

        var error = await Assert.ThrowsAsync<ValidationException>(() => AddAsync(AVariant("TAKEN-1", color: "green")));

        Assert.Equal(["sku"], error.Errors.Keys);
    }

    [Fact]
    public async Task AnswersConflict_WhenProductHasTheMostVariants()
    {
        var full = AProduct().WithOptions("size");
        for (var i = 0; i < Product.MaxVariants; i++)
        {
            full.WithVariant($"SKU-{i}", size: i.ToString());
        }
        _products.With(full.Build());

        await Assert.ThrowsAsync<ConflictException>(() =>
            AddAsync(new VariantInput("SKU-100", new MoneyInput(100, "EUR"), new Dictionary<string, string> { ["size"] = "100" }, 0)));
    }

    [Fact]
    public async Task AnswersNotFound_WhenProductBelongsToAnotherSeller()
    {
        _products.With(AProduct().OwnedBy("seller-2").Build());

        await Assert.ThrowsAsync<NotFoundException>(() => AddAsync(AVariant("TR2-NEW", color: "green")));
    }

    [Fact]
    public async Task RepricesAndKeepsStock_WhenVariantPriceChanges()
    {
        _products.With(AProduct().WithVariant("TR2-RED-42", 8999, stock: 7).WithVariant("TR2-BLU-43", 9999, color: "blue").Build());

        var variant = await new UpdateVariant(_products, _clock).HandleAsync(
            ASeller(), "p-trail", "TR2-BLU-43", new VariantChanges(new MoneyInput(4999, "EUR"), null), CancellationToken.None);

        Assert.Equal((4999L, 10), (variant.Price.Amount, variant.Stock));
        Assert.Equal(new Money(4999, "EUR"), _products.Stored("p-trail")!.MinPrice);
    }

    [Fact]
    public async Task NamesCurrency_WhenRepricingInAnotherCurrency()
    {
        _products.With(AProduct().WithVariant("TR2-RED-42").WithVariant("TR2-BLU-43", color: "blue").Build());

        var error = await Assert.ThrowsAsync<ValidationException>(() => new UpdateVariant(_products, _clock).HandleAsync(
            ASeller(), "p-trail", "TR2-BLU-43", new VariantChanges(new MoneyInput(4999, "GBP"), null), CancellationToken.None));

        Assert.Equal(["price.currency"], error.Errors.Keys);
    }

    [Fact]
    public async Task AnswersNotFound_WhenUpdatingUnknownSku()
    {
        _products.With(AProduct().Build());

        await Assert.ThrowsAsync<NotFoundException>(() => new UpdateVariant(_products, _clock).HandleAsync(
            ASeller(), "p-trail", "NOPE", new VariantChanges(new MoneyInput(1, "EUR"), null), CancellationToken.None));
    }

    [Fact]
    public async Task RemovesVariantAndFreesSku_WhenOthersRemain()
    {
        _products.With(AProduct().WithVariant("TR2-RED-42").WithVariant("TR2-BLU-43", color: "blue").Build());

        await new RemoveVariant(_products, _clock).HandleAsync(ASeller(), "p-trail", "TR2-BLU-43", CancellationToken.None);

        Assert.Equal(["TR2-RED-42"], _products.Stored("p-trail")!.Variants.Select(v => v.Sku));
        Assert.Null(await _products.FindSkuAsync("TR2-BLU-43", CancellationToken.None));
    }

    [Fact]
    public async Task AnswersConflict_WhenRemovingLastVariant()
    {
        _products.With(AProduct().WithVariant("TR2-RED-42").Build());

        await Assert.ThrowsAsync<ConflictException>(() =>
            new RemoveVariant(_products, _clock).HandleAsync(ASeller(), "p-trail", "TR2-RED-42", CancellationToken.None));

        Assert.Single(_products.Stored("p-trail")!.Variants);
    }

    [Fact]
    public async Task AnswersConflict_WhenProductIsArchived()
    {
        _products.With(AProduct().WithStatus(ProductStatus.Archived).WithVariant("TR2-RED-42").WithVariant("TR2-BLU-43", color: "blue").Build());

        await Assert.ThrowsAsync<ConflictException>(() =>
            new RemoveVariant(_products, _clock).HandleAsync(ASeller(), "p-trail", "TR2-BLU-43", CancellationToken.None));
    }
}
