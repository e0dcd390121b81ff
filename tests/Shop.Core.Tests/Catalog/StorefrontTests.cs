using Shop.Core.Catalog;
using Shop.Core.Common;
using static Shop.Core.Tests.Builders.CategoryBuilder;
using static Shop.Core.Tests.Builders.ProductBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class StorefrontTests
{
    private readonly InMemoryProductStore _products = new();
    private readonly InMemoryCategoryStore _categories = new(ACategory("running").Build());

    [Fact]
    public async Task ShowsProduct_WhenActive()
    {
        _products.With(AProduct().WithStatus(ProductStatus.Active).Build());

        var product = await new GetProduct(_products).HandleAsync("p-trail", CancellationToken.None);

        Assert.Equal("p-trail", product.Id);
    }

    [Theory]
    [InlineData(ProductStatus.Draft)]
    [InlineData(ProductStatus.Archived)]
    public async Task AnswersNotFound_WhenProductIsNotListed(ProductStatus status)
    {
        _products.With(AProduct().WithStatus(status).Build());

        await Assert.ThrowsAsync<NotFoundException>(() => new GetProduct(_products).HandleAsync("p-trail", CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("newest")]
    [InlineData("price_asc")]
    [InlineData("price_desc")]
    public async Task ListsActiveProducts_WhenSortIsKnown(string? sort)
    {
        _products.With(AProduct("p-1").Build(), AProduct("p-2").WithStatus(ProductStatus.Draft).Build());

        var page = await new ListCategoryProducts(_products, _categories).HandleAsync("running", sort, new PageRequest(20, null), CancellationToken.None);

        Assert.Equal(["p-1"], page.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task NamesSort_WhenSortIsUnknown()
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            new ListCategoryProducts(_products, _categories).HandleAsync("running", "cheapest", new PageRequest(20, null), CancellationToken.None));

        Assert.Equal(["sort"], error.Errors.Keys);
    }

    [Fact]
    public async Task AnswersNotFound_WhenCategoryIsUnknown()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            new ListCategoryProducts(_products, _categories).HandleAsync("no-such", null, new PageRequest(20, null), CancellationToken.None));
    }
}
