using Shop.Core.Catalog;
using Shop.Lambda.Aws;

namespace Shop.Adapters.Storage;

/// <summary>
/// Where images live: <see cref="Bucket"/> is the bucket's S3 URL that uploads are presigned for;
/// <see cref="Public"/> is where the storefront loads them from (the CDN in AWS).
/// </summary>
public sealed record ImageLocations(Uri Bucket, Uri Public);

/// <summary>
/// Product images in S3. Uploads go straight from the client to the bucket with a presigned PUT
/// that is good for <see cref="UploadLifetime"/> and signs the content type, so the object is
/// stored as the type the seller declared and nothing else.
/// </summary>
public sealed class S3ImageStore(IAwsCredentialsProvider credentials, ImageLocations locations, string region, TimeProvider clock) : IImageStore
{
    public static readonly TimeSpan UploadLifetime = TimeSpan.FromMinutes(15);

    private readonly SigV4Signer _signer = new(region, "s3");

    public async Task<UploadSlot> CreateUploadSlotAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keys = await credentials.GetCredentialsAsync(cancellationToken);
        var url = _signer.Presign(HttpMethod.Put, ObjectUrl(locations.Bucket, key), keys, now, UploadLifetime, [new("content-type", contentType)]);
        return new UploadSlot(url, now + UploadLifetime);
    }

    public Uri PublicUrl(string key) => ObjectUrl(locations.Public, key);

    private static Uri ObjectUrl(Uri root, string key) =>
        new(root, string.Join('/', key.Split('/').Select(Uri.EscapeDataString)));
}
