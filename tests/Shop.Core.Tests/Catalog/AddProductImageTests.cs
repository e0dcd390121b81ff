using Shop.Core.Catalog;
using Shop.Core.Common;
using static Shop.Core.Tests.Builders.Callers;
using static Shop.Core.Tests.Builders.ProductBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class AddProductImageTests
{
    private readonly InMemoryProductStore _products = new();
    private readonly RecordingImageStore _images = new();

    private Task<ImageUpload> AddAsync(string? contentType, string seller = "seller-1") =>
        new AddProductImage(_products, _images, new FixedClock()).HandleAsync(ASeller(seller), "p-trail", contentType, CancellationToken.None);

    [Theory]
    [InlineData("image/jpeg", ".jpg")]
    [InlineData("image/png", ".png")]
    [InlineData("image/webp", ".webp")]
    public async Task RecordsImageAndSignsItsContentType_WhenTypeIsAllowed(string contentType, string extension)
    {
        _products.With(AProduct().Build());

        var upload = await AddAsync(contentType);

        Assert.Equal($"products/p-trail/{upload.Image.Id}{extension}", upload.Image.Key);
        Assert.Equal([upload.Image], _products.Stored("p-trail")!.Images);
        Assert.Equal((upload.Image.Key, contentType), Assert.Single(_images.Slots));
        Assert.Equal(new Uri($"https://images.test/{upload.Image.Key}"), upload.Url);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("image/gif")]
    [InlineData("text/html")]
    public async Task NamesContentTypeAndRecordsNothing_WhenTypeIsNotAllowed(string? contentType)
    {
        _products.With(AProduct().Build());

        var error = await Assert.ThrowsAsync<ValidationException>(() => AddAsync(contentType));

        Assert.Equal(["contentType"], error.Errors.Keys);
        Assert.Empty(_products.Stored("p-trail")!.Images);
        Assert.Empty(_images.Slots);
    }

    [Fact]
    public async Task AnswersConflict_WhenProductHasTheMostImages()
    {
        _products.With(AProduct().WithImages(Product.MaxImages).Build());

        await Assert.ThrowsAsync<ConflictException>(() => AddAsync("image/png"));
    }

    [Fact]
    public async Task AnswersNotFound_WhenProductBelongsToAnotherSeller()
    {
        _products.With(AProduct().OwnedBy("seller-2").Build());

        await Assert.ThrowsAsync<NotFoundException>(() => AddAsync("image/png"));

        Assert.Empty(_images.Slots);
    }
}
