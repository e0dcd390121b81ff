using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Catalog;

/// <summary>A new picture of a product and where the client uploads it.</summary>
public sealed record ImageUpload(ProductImage Image, Uri Url, UploadSlot Slot);

/// <summary>
/// A seller adds a picture: the product records the image at once and the client uploads the
/// bytes straight to storage with the slot's presigned URL, so they never pass through the API.
/// </summary>
public sealed class AddProductImage(IProductStore products, IImageStore images, TimeProvider clock)
{
    public async Task<ImageUpload> HandleAsync(Caller caller, string productId, string? contentType, CancellationToken cancellationToken)
    {
        if (contentType is null || !ProductRules.ImageContentTypes.Contains(contentType))
        {
            throw new ValidationException(new Dictionary<string, string[]>
            {
                ["contentType"] = [$"Must be one of {string.Join(", ", ProductRules.ImageContentTypes)}."],
            });
        }
        var image = await Retry.OnConcurrentChangeAsync("product", () => RecordAsync(caller, productId, contentType, cancellationToken));
        return new ImageUpload(image, images.PublicUrl(image.Key), await images.CreateUploadSlotAsync(image.Key, contentType, cancellationToken));
    }

    private async Task<ProductImage> RecordAsync(Caller caller, string productId, string contentType, CancellationToken cancellationToken)
    {
        var current = await products.FindOwnedAsync(caller, productId, cancellationToken);
        SellerCatalog.EnsureEditable(current);
        if (current.Images.Count >= Product.MaxImages)
        {
            throw new ConflictException($"Product {productId} has {Product.MaxImages} images, the most a product can have.");
        }
        var id = Ids.New("img");
        var image = new ProductImage(id, $"products/{current.Id}/{id}.{contentType["image/".Length..].Replace("jpeg", "jpg", StringComparison.Ordinal)}");
        var updated = (current with { Images = [.. current.Images, image] }).Changed(clock.Now());
        await products.UpdateAsync(updated, current.Version, cancellationToken);
        return image;
    }
}
