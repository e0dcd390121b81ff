using Shop.Core.Catalog;
using Shop.Core.Search;
using static Shop.Core.Tests.Builders.ProductBuilder;

namespace Shop.Core.Tests.Search;

public sealed class ProductDocumentTests
{
    [Fact]
    public void SpansTheVariantsPricesAndStock_WhenProductIsActive()
    {
        var product = AProduct().AtVersion(4).WithVariant("A", amount: 2500, stock: 0).WithVariant("B", amount: 1999, stock: 3).WithVariant("C", amount: 4000, stock: 0).Build();

        var document = ProductDocument.From(product, ["Sports", "Running"])!;

        Assert.Equal((1999L, 4000L, "EUR", true, 4L), (document.MinPrice, document.MaxPrice, document.Currency, document.InStock, document.Version));
        Assert.Equal(["Sports", "Running"], document.CategoryNames);
    }

    [Fact]
    public void IsOutOfStock_WhenNoVariantHasUnits()
    {
        var product = AProduct().WithVariant("A", stock: 0).WithVariant("B", stock: 0).Build();

        Assert.False(ProductDocument.From(product, [])!.InStock);
    }

    [Theory]
    [InlineData(ProductStatus.Draft)]
    [InlineData(ProductStatus.Archived)]
    public void IsNone_WhenProductIsNotListed(ProductStatus status)
    {
        var product = AProduct().WithStatus(status).WithVariant("A").Build();

        Assert.Null(ProductDocument.From(product, []));
    }
}
