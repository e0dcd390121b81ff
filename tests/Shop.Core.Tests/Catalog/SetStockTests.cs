using Shop.Core.Catalog;
using Shop.Core.Common;
using static Shop.Core.Tests.Builders.Callers;
using static Shop.Core.Tests.Builders.ProductBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class SetStockTests
{
    private readonly InMemoryProductStore _products = new();
    private readonly SetStock _setStock;

    public SetStockTests()
    {
        _products.With(AProduct().OwnedBy("seller-1").WithVariant("TR2-RED-42", stock: 5).Build());
        _setStock = new SetStock(_products);
    }

    private Task<int> SetAsync(int? stock, int? delta, string sku = "TR2-RED-42", string seller = "seller-1") =>
        _setStock.HandleAsync(ASeller(seller), sku, stock, delta, CancellationToken.None);

    private int Stored => _products.Stored("p-trail")!.FindVariant("TR2-RED-42")!.Stock;

    [Fact]
    public async Task SetsLevel_WhenStockGiven()
    {
        Assert.Equal(42, await SetAsync(42, null));
        Assert.Equal(42, Stored);
    }

    [Theory]
    [InlineData(3, 8)]
    [InlineData(-5, 0)]
    public async Task AdjustsLevel_WhenDeltaGiven(int delta, int expected)
    {
        Assert.Equal(expected, await SetAsync(null, delta));
        Assert.Equal(expected, Stored);
    }

    [Fact]
    public async Task RefusesAndKeepsStock_WhenDeltaWouldGoBelowZero()
    {
        var error = await Assert.ThrowsAsync<InsufficientStockException>(() => SetAsync(null, -6));

        Assert.Equal(5, error.Available);
        Assert.Equal(5, Stored);
    }

    [Fact]
    public async Task AnswersConflict_WhenDeltaWouldPassTheLimit()
    {
        await SetAsync(Variant.MaxStock, null);

        await Assert.ThrowsAsync<ConflictException>(() => SetAsync(null, 1));
    }

    [Theory]
    [InlineData(null, null, "TR2-RED-42", "stock")]
    [InlineData(1, 1, "TR2-RED-42", "delta")]
    [InlineData(-1, null, "TR2-RED-42", "stock")]
    [InlineData(1_000_001, null, "TR2-RED-42", "stock")]
    [InlineData(null, -1_000_001, "TR2-RED-42", "delta")]
    [InlineData(1, null, "not a sku", "sku")]
    public async Task NamesFieldAndKeepsStock_WhenRequestIsInvalid(int? stock, int? delta, string sku, string field)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => SetAsync(stock, delta, sku));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Equal(5, Stored);
    }

    [Theory]
    [InlineData("TR2-RED-42", "seller-2")]
    [InlineData("UNKNOWN-1", "seller-1")]
    public async Task AnswersNotFoundAlike_WhenSkuIsMissingOrAnotherSellers(string sku, string seller)
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => SetAsync(1, null, sku, seller));

        Assert.Equal($"No SKU {sku}.", error.Message);
        Assert.Equal(5, Stored);
    }
}
