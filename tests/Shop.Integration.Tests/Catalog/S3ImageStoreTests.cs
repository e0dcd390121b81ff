using System.Net;
using System.Net.Http.Headers;
using Amazon.S3;
using Amazon.S3.Model;
using Shop.Adapters.Storage;
using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws;
using Shop.Local;

namespace Shop.Integration.Tests.Catalog;

/// <summary>Presigned image uploads, used the way a client uses them: a plain PUT through the edge, no credentials.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class S3ImageStoreTests(LocalEnvironmentFixture fixture)
{
    private static readonly StaticCredentialsProvider Credentials = new(new AwsCredentials(LocalAws.AccessKeyId, LocalAws.SecretAccessKey));

    [Fact]
    public async Task StoresUploadedBytesWithDeclaredType_WhenClientPutsToSlot()
    {
        var bucket = await CreateBucketAsync();
        var images = Store(bucket);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x01, 0x02];

        var slot = await images.CreateUploadSlotAsync("products/p-1/img-1.png", "image/png", CancellationToken.None);
        using var upload = new ByteArrayContent(png);
        upload.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var put = await new HttpClient().PutAsync(slot.UploadUrl, upload);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var stored = await fixture.Environment.Aws.S3.GetObjectAsync(bucket, "products/p-1/img-1.png");
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes);
        Assert.Equal(png, bytes.ToArray());
        Assert.Equal("image/png", stored.Headers.ContentType);
        using var served = await new HttpClient().GetAsync(images.PublicUrl("products/p-1/img-1.png"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task SignsAsTheAwsSdkDoes_WhenPresigningAPut()
    {
        var bucket = "shop-images-" + Guid.NewGuid().ToString("N")[..8];
        var sdkUrl = new Uri(fixture.Environment.Aws.S3.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "products/p-1/img-1.webp",
            Verb = HttpVerb.PUT,
            ContentType = "image/webp",
            Expires = DateTime.UtcNow.AddMinutes(15),
        }));
        var query = System.Web.HttpUtility.ParseQueryString(sdkUrl.Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        var expires = TimeSpan.FromSeconds(int.Parse(query["X-Amz-Expires"]!));

        var ours = new SigV4Signer(LocalAws.Region, "s3").Presign(
            HttpMethod.Put, new Uri(sdkUrl.GetLeftPart(UriPartial.Path)), await Credentials.GetCredentialsAsync(default), signedAt, expires,
            [new("content-type", "image/webp")]);

        Assert.Equal(query["X-Amz-SignedHeaders"], System.Web.HttpUtility.ParseQueryString(ours.Query)["X-Amz-SignedHeaders"]);
        Assert.Equal(query["X-Amz-Signature"], System.Web.HttpUtility.ParseQueryString(ours.Query)["X-Amz-Signature"]);
    }

    [Fact]
    public async Task GivesFifteenMinutes_WhenSlotIsCreated()
    {
        var now = new DateTimeOffset(2026, 11, 23, 17, 0, 0, TimeSpan.Zero);
        var store = new S3ImageStore(Credentials, new ImageLocations(new Uri("https://bucket.s3.us-east-1.amazonaws.com/"), new Uri("https://cdn.example/")),
            LocalAws.Region, new FixedTime(now));

        var slot = await store.CreateUploadSlotAsync("products/p-1/img-1.jpg", "image/jpeg", CancellationToken.None);

        Assert.Equal(now.AddMinutes(15), slot.ExpiresAt);
        Assert.StartsWith("https://bucket.s3.us-east-1.amazonaws.com/products/p-1/img-1.jpg?", slot.UploadUrl.AbsoluteUri);
        Assert.Contains("X-Amz-Expires=900", slot.UploadUrl.Query);
        Assert.Contains("X-Amz-SignedHeaders=content-type%3Bhost", slot.UploadUrl.Query);
        Assert.Equal(new Uri("https://cdn.example/products/p-1/img-1.jpg"), store.PublicUrl("products/p-1/img-1.jpg"));
    }

    private S3ImageStore Store(string bucket)
    {
        var bucketUrl = new Uri(fixture.Environment.EdgeUrl, bucket + "/");
        return new S3ImageStore(Credentials, new ImageLocations(bucketUrl, bucketUrl), LocalAws.Region, TimeProvider.System);
    }

    /// <summary>
    /// A bucket anyone may read objects from: locally there is no CDN in front of the images
    /// bucket, so shoppers' browsers load the images from the bucket itself.
    /// </summary>
    private async Task<string> CreateBucketAsync()
    {
        var bucket = "shop-images-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Environment.Aws.S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await fixture.Environment.Aws.S3.PutBucketPolicyAsync(bucket,
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""");
        return bucket;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
