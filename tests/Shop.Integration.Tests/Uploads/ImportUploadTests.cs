using Amazon.S3.Model;
using Amazon.SQS.Model;
using Shop.Adapters.Storage;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Messaging;
using Shop.Core.Catalog;
using Shop.Core.Identity;
using Shop.Core.Uploads;
using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws.Sqs;
using Shop.Local;
using static Shop.Integration.Tests.Uploads.UploadParts;

namespace Shop.Integration.Tests.Uploads;

/// <summary>
/// The import use case on the real adapters (moto's S3, SQS and DynamoDB), paced small so a short
/// file takes several turns. Each test's files go to a bucket of its own, one without the uploads
/// bucket's notifications: otherwise the environment's running import function would take the
/// upload before the test's own call does, whenever the machine is busy.
/// </summary>
[Collection(UploadEnvironmentCollection.Name)]
public sealed class ImportUploadTests(LocalEnvironmentFixture fixture)
{
    private static readonly UploadImportLimits Small = new(ChunkRows: 2, MaxRowsPerInvocation: 4, MaxObjectBytes: 10_000, TimeSpan.Zero, TimeSpan.FromMinutes(20));

    private sealed record Parts(ImportUpload Import, DynamoDbUploadStore Uploads, DynamoDbProductStore Products, S3UploadFiles Files, string QueueUrl, SqsClient Sqs);

    private async Task<Parts> PartsAsync(UploadImportLimits? limits = null)
    {
        var environment = fixture.Environment;
        var name = "import-" + Guid.NewGuid().ToString("N")[..8];
        // A turn on a busy machine can outlast SQS's default 30 s visibility: the drain would see its message twice.
        var queue = await environment.Aws.Sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = new() { ["VisibilityTimeout"] = "600" } });
        await environment.Aws.S3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        var files = Files(fixture, name);
        var sqs = new SqsClient(new HttpClient(), environment.EdgeUrl, LocalAws.Region, Credentials);
        var uploads = new DynamoDbUploadStore(environment.Aws.DynamoDb, Table(fixture));
        var import = new ImportUpload(
            uploads, files, new DynamoDbCatalogImporter(environment.Aws.DynamoDb, Table(fixture), TimeProvider.System),
            new DynamoDbCategoryStore(environment.Aws.DynamoDb, Table(fixture)), new SqsUploadContinuations(sqs, queue.QueueUrl),
            limits ?? Small, TimeProvider.System);
        return new Parts(import, uploads, new DynamoDbProductStore(environment.Aws.DynamoDb, Table(fixture)), files, queue.QueueUrl, sqs);
    }

    /// <summary>An upload started as the Api starts it, its file put as the client puts it, and the event S3 would send.</summary>
    private static async Task<(Upload Upload, UploadArrived Arrived)> UploadAsync(Parts parts, string sellerId, byte[] bytes)
    {
        var started = await new StartUpload(parts.Uploads, parts.Files, TimeProvider.System)
            .HandleAsync(new Caller(sellerId, new HashSet<string> { Roles.Seller }), "csv", CancellationToken.None);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("text/csv");
        using var put = await new HttpClient().PutAsync(started.Slot.UploadUrl, content);
        put.EnsureSuccessStatusCode();
        return (started.Upload, new UploadArrived(started.Upload.Key, put.Headers.ETag!.Tag.Trim('"'), bytes.Length));
    }

    /// <summary>Runs every continuation the import sent, as the queue would deliver them, until none is left.</summary>
    private async Task<int> DrainAsync(Parts parts)
    {
        var turns = 0;
        while ((await parts.Sqs.ReceiveMessageAsync(new Shop.Lambda.Aws.Sqs.ReceiveMessageRequest(parts.QueueUrl, 10, 0), CancellationToken.None)).Messages is { Count: > 0 } messages)
        {
            foreach (var message in messages)
            {
                turns++;
                await parts.Import.HandleAsync(UploadQueueMessage.Read(message.Body).Continuation!, () => TimeSpan.FromMinutes(1), CancellationToken.None);
                await fixture.Environment.Aws.Sqs.DeleteMessageAsync(parts.QueueUrl, message.ReceiptHandle);
            }
        }
        return turns;
    }

    private static string Seller() => "s-" + Guid.NewGuid().ToString("N")[..10];

    private static string[] Rows(string prefix, int count) =>
        [Header, .. Enumerable.Range(1, count).Select(i => $"{prefix}-{i},Item {i},{i}.50,EUR,{i},{Category()},,Brand,,")];

    [Fact]
    public async Task ImportsEveryRowInSeveralTurns_WhenTheFileIsLongerThanOneInvocationMayRead()
    {
        var parts = await PartsAsync();
        var seller = Seller();
        var prefix = "C" + Guid.NewGuid().ToString("N")[..6];
        var (upload, arrived) = await UploadAsync(parts, seller, Csv(Rows(prefix, 9)));

        var first = await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var turns = await DrainAsync(parts);
        var done = await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None);

        Assert.Equal(ImportOutcome.Continued, first);
        Assert.Equal(2, turns);
        Assert.Equal((UploadStatus.Completed, 9L, 9L, 0L), (done!.Status, done.RowsTotal, done.RowsImported, done.RowsFailed));
        foreach (var i in Enumerable.Range(1, 9))
        {
            var owner = await parts.Products.FindSkuAsync($"{prefix}-{i}", CancellationToken.None);
            var product = await parts.Products.FindAsync(owner!.ProductId, CancellationToken.None);
            Assert.Equal((seller, i, i * 100L + 50), (product!.SellerId, product.Variants.Single().Stock, product.Variants.Single().Price.Amount));
        }
    }

    [Fact]
    public async Task HandsOnBeforeTheDeadline_WhenTheNextChunkMightNotFitInTheTimeLeft()
    {
        var parts = await PartsAsync(Small with { MaxRowsPerInvocation = long.MaxValue, Reserve = TimeSpan.Zero });
        var seller = Seller();
        var (upload, arrived) = await UploadAsync(parts, seller, Csv(Rows("H" + Guid.NewGuid().ToString("N")[..6], 6)));

        // 5 ms are always left: more than the reserve, less than twice any chunk that writes to the table.
        var outcome = await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMilliseconds(5), CancellationToken.None);
        var turns = await DrainAsync(parts);
        var done = await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None);

        Assert.Equal(ImportOutcome.Continued, outcome);
        Assert.True(turns >= 1);
        Assert.Equal((UploadStatus.Completed, 6L), (done!.Status, done.RowsImported));
    }

    [Fact]
    public async Task FailsTheUploadKeepingItsRows_OnlyWhenTheContinuationGivenUpIsItsCurrentOne()
    {
        var parts = await PartsAsync();
        var seller = Seller();
        var (upload, arrived) = await UploadAsync(parts, seller, Csv(Rows("K" + Guid.NewGuid().ToString("N")[..6], 9)));
        await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var handedOn = (await parts.Sqs.ReceiveMessageAsync(new Shop.Lambda.Aws.Sqs.ReceiveMessageRequest(parts.QueueUrl, 1, 0), CancellationToken.None)).Messages!.Single();
        var current = UploadQueueMessage.Read(handedOn.Body).Continuation!;

        var stale = await parts.Import.GiveUpAsync(current with { Offset = 0, Row = 0 }, CancellationToken.None);
        var staleEvent = await parts.Import.GiveUpAsync(arrived with { ETag = "another-version" }, CancellationToken.None);
        var afterStale = await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None);
        var given = await parts.Import.GiveUpAsync(current, CancellationToken.None);
        var done = await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None);

        Assert.Equal((false, false, UploadStatus.Processing), (stale, staleEvent, afterStale!.Status));
        Assert.True(given);
        Assert.Equal((UploadStatus.Failed, 4L), (done!.Status, done.RowsImported));
        // Rows are numbered as the error report numbers them: the header is row 1.
        Assert.Contains("stopped after row 5", done.Failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, ImportOutcome.Continued)]
    [InlineData(20, ImportOutcome.Ignored)]
    public async Task HandsOnFromTheCheckpoint_OnlyWhenARedeliveryFindsTheUploadStalled(int stallAfterMinutes, ImportOutcome expected)
    {
        var parts = await PartsAsync(Small with { StallAfter = TimeSpan.FromMinutes(stallAfterMinutes) });
        var seller = Seller();
        var (upload, arrived) = await UploadAsync(parts, seller, Csv(Rows("R" + Guid.NewGuid().ToString("N")[..6], 9)));
        await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        // The invocation that should carry on is lost: its continuation never arrives.
        var lost = (await parts.Sqs.ReceiveMessageAsync(new Shop.Lambda.Aws.Sqs.ReceiveMessageRequest(parts.QueueUrl, 10, 0), CancellationToken.None)).Messages!.Single();
        await fixture.Environment.Aws.Sqs.DeleteMessageAsync(parts.QueueUrl, lost.ReceiptHandle);

        var redelivered = await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var turns = await DrainAsync(parts);
        var done = await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None);

        Assert.Equal(expected, redelivered);
        Assert.Equal(expected == ImportOutcome.Continued
            ? (UploadStatus.Completed, 9L)
            : (UploadStatus.Processing, 4L), (done!.Status, done.RowsImported));
        Assert.Equal(expected == ImportOutcome.Continued, turns >= 2);
    }

    [Fact]
    public async Task ChangesNothingTwice_WhenTheSameEventArrivesAgain()
    {
        var parts = await PartsAsync(Small with { MaxRowsPerInvocation = long.MaxValue });
        var seller = Seller();
        var prefix = "D" + Guid.NewGuid().ToString("N")[..6];
        var (upload, arrived) = await UploadAsync(parts, seller, Csv(Rows(prefix, 3)));
        var first = await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var owner = await parts.Products.FindSkuAsync($"{prefix}-1", CancellationToken.None);
        var before = await parts.Products.FindAsync(owner!.ProductId, CancellationToken.None);

        var again = await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var after = await parts.Products.FindAsync(owner.ProductId, CancellationToken.None);
        var done = await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None);

        Assert.Equal((ImportOutcome.Completed, ImportOutcome.Ignored), (first, again));
        Assert.Equal(before!.Version, after!.Version);
        Assert.Equal((3L, 3L), (done!.RowsTotal, done.RowsImported));
    }

    [Fact]
    public async Task ReportsTheLaterRow_WhenASkuAppearsTwiceInOneFileAcrossChunks()
    {
        var parts = await PartsAsync(Small with { MaxRowsPerInvocation = long.MaxValue });
        var seller = Seller();
        var sku = "E" + Guid.NewGuid().ToString("N")[..6];
        var (upload, arrived) = await UploadAsync(parts, seller, Csv(
            Header, $"{sku},First,1.00,EUR,1,{Category()},,B,,", $"{sku}-x,Other,1.00,EUR,1,{Category()},,B,,", $"{sku},Second,2.00,EUR,2,{Category()},,B,,"));

        await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var done = await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None);
        var owner = await parts.Products.FindSkuAsync(sku, CancellationToken.None);
        var product = await parts.Products.FindAsync(owner!.ProductId, CancellationToken.None);

        Assert.Equal((2L, 1L), (done!.RowsImported, done.RowsFailed));
        Assert.Equal(("First", 100L), (product!.Name, product.Variants.Single().Price.Amount));
        Assert.NotNull(done.ErrorReportKey);
    }

    [Fact]
    public async Task RefusesTheRowAndLeavesTheProduct_WhenAnotherSellerOwnsTheSku()
    {
        var parts = await PartsAsync(Small with { MaxRowsPerInvocation = long.MaxValue });
        var owner = Seller();
        var sku = "F" + Guid.NewGuid().ToString("N")[..6];
        var (_, first) = await UploadAsync(parts, owner, Csv(Header, $"{sku},Original,1.00,EUR,1,{Category()},,B,,"));
        await parts.Import.HandleAsync(first, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var thief = Seller();
        var (upload, second) = await UploadAsync(parts, thief, Csv(Header, $"{sku},Stolen,0.01,EUR,1,{Category()},,B,,"));

        await parts.Import.HandleAsync(second, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var done = await parts.Uploads.FindAsync(thief, upload.Id, CancellationToken.None);
        var registry = await parts.Products.FindSkuAsync(sku, CancellationToken.None);
        var product = await parts.Products.FindAsync(registry!.ProductId, CancellationToken.None);

        Assert.Equal((0L, 1L), (done!.RowsImported, done.RowsFailed));
        Assert.Equal((owner, "Original"), (product!.SellerId, product.Name));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("sku,name\r\n", "stock")]
    public async Task FailsTheUploadWithTheReason_WhenTheFileIsEmptyOrItsHeaderIncomplete(string text, string reason)
    {
        var parts = await PartsAsync();
        var seller = Seller();
        var (upload, arrived) = await UploadAsync(parts, seller, System.Text.Encoding.UTF8.GetBytes(text));

        var outcome = await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);
        var done = await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None);

        Assert.Equal(ImportOutcome.Failed, outcome);
        Assert.Equal(UploadStatus.Failed, done!.Status);
        Assert.Contains(reason, done.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailsTheUpload_WhenTheFileIsAboveTheSizeLimit()
    {
        var parts = await PartsAsync(Small with { MaxObjectBytes = 100 });
        var seller = Seller();
        var (upload, arrived) = await UploadAsync(parts, seller, Csv(Rows("G" + Guid.NewGuid().ToString("N")[..6], 5)));

        var outcome = await parts.Import.HandleAsync(arrived, () => TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(ImportOutcome.Failed, outcome);
        Assert.Null(await parts.Products.FindSkuAsync(upload.Id, CancellationToken.None));
        Assert.Contains("the most an upload may be", (await parts.Uploads.FindAsync(seller, upload.Id, CancellationToken.None))!.Failure, StringComparison.Ordinal);
    }
}
