namespace Shop.Core.Catalog;

/// <summary>Where product pictures are uploaded (straight from the client, with a presigned URL) and served from.</summary>
public interface IImageStore
{
    /// <summary>A URL the client PUTs the picture to, with exactly this content type, before <see cref="UploadSlot.ExpiresAt"/>.</summary>
    Task<UploadSlot> CreateUploadSlotAsync(string key, string contentType, CancellationToken cancellationToken);

    /// <summary>Where the storefront loads the picture from.</summary>
    Uri PublicUrl(string key);
}

public sealed record UploadSlot(Uri UploadUrl, DateTimeOffset ExpiresAt);
