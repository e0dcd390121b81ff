using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Shop.Adapters.DynamoDb;
using Shop.Core;
using Shop.Core.Identity;
using Shop.Core.Uploads;
using Shop.Integration.Tests.Support;
using Shop.Local;
using Shop.Local.Deploy;
using Shop.Local.EventSources;

namespace Shop.Integration.Tests.Uploads;

/// <summary>The deployed uploads queue and importer: redrive to the dead-letter queue.</summary>
[Collection(UploadEnvironmentCollection.Name)]
public sealed class UploadQueueTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task ParksAPoisonMessageInTheDeadLetterQueue_WhenTheImporterFailsItEveryReceive()
    {
        var sqs = fixture.Environment.Aws.Sqs;
        var maxReceives = await DeployedMaxReceivesAsync();
        // The deployed queue's visibility timeout is an hour (six times the importer's): the same
        // redrive policy on a queue with a one-second timeout shows the same path in seconds.
        var name = "uploads-poison-" + Guid.NewGuid().ToString("N")[..6];
        var dlq = await sqs.CreateQueueAsync(name + "-dlq");
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new()
            {
                ["VisibilityTimeout"] = "1",
                ["RedrivePolicy"] = new JsonObject { ["deadLetterTargetArn"] = $"arn:aws:sqs:{LocalAws.Region}:{LocalAws.AccountId}:{name}-dlq", ["maxReceiveCount"] = maxReceives }.ToJsonString(),
            },
        });
        var importer = fixture.Function(ShopNames.Handlers.ImportUploads);
        var mapping = new EventSourceMapping(importer.Definition.Name, $"arn:aws:sqs:{LocalAws.Region}:{LocalAws.AccountId}:{name}", 1, true, "LATEST", TimeSpan.Zero, null);
        using var stop = new CancellationTokenSource();
        var polling = new SqsEventSource(sqs, mapping, importer, _ => { }).RunAsync(stop.Token);

        await sqs.SendMessageAsync(queue.QueueUrl, "{\"not\":\"an upload\"}");
        var parked = new List<Message>();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (parked.Count == 0 && DateTime.UtcNow < until)
        {
            parked.AddRange((await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = dlq.QueueUrl, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["All"] })).Messages ?? []);
        }
        await stop.CancelAsync();
        await polling;

        Assert.Equal(5, maxReceives);
        var message = Assert.Single(parked);
        Assert.Equal("{\"not\":\"an upload\"}", message.Body);
        // moto counts the receive that moves the message as one more.
        Assert.True(int.Parse(message.Attributes["ApproximateReceiveCount"], System.Globalization.CultureInfo.InvariantCulture) >= maxReceives);
    }

    [Fact]
    public async Task FailsTheUploadOnTheLastReceiveOnly_WhenItsImportFailsEveryTime()
    {
        var uploads = new DynamoDbUploadStore(fixture.Environment.Aws.DynamoDb, UploadParts.Table(fixture));
        var seller = "s-" + Guid.NewGuid().ToString("N")[..10];
        var started = await new StartUpload(uploads, UploadParts.Files(fixture), TimeProvider.System)
            .HandleAsync(new Caller(seller, new HashSet<string> { Roles.Seller }), "csv", CancellationToken.None);
        // An archived object cannot be read until it is restored: every GET is refused (403
        // InvalidObjectState), a fault that outlasts every delivery.
        await fixture.Environment.Aws.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = UploadParts.Bucket(fixture),
            Key = started.Upload.Key,
            ContentBody = UploadParts.Header + "\r\nA-1,Lamp,1.00,EUR,1," + UploadParts.Category() + ",,B,,\r\n",
            StorageClass = Amazon.S3.S3StorageClass.Glacier,
        });
        // S3 notifies the deployed queue; the importer's first delivery takes the upload and fails.
        var taken = await WaitForAsync(uploads, seller, started.Upload.Id, UploadStatus.Processing);
        var importer = fixture.Function(ShopNames.Handlers.ImportUploads);
        var continuation = new JsonObject
        {
            ["continuation"] = new JsonObject { ["sellerId"] = seller, ["uploadId"] = started.Upload.Id, ["offset"] = 0, ["row"] = 0 },
        }.ToJsonString();

        var early = await importer.InvokeAsync(SqsMessage(continuation, receives: 2));
        var afterEarly = await uploads.FindAsync(seller, started.Upload.Id, CancellationToken.None);
        var last = await importer.InvokeAsync(SqsMessage(continuation, receives: await DeployedMaxReceivesAsync()));
        var afterLast = await uploads.FindAsync(seller, started.Upload.Id, CancellationToken.None);

        Assert.Equal(UploadStatus.Processing, taken.Status);
        Assert.Equal([MessageId], FailedMessages(early));
        Assert.Equal(UploadStatus.Processing, afterEarly!.Status);
        Assert.Equal([MessageId], FailedMessages(last));
        Assert.Equal(UploadStatus.Failed, afterLast!.Status);
        Assert.Contains("could not start after repeated errors", afterLast.Failure, StringComparison.Ordinal);
    }

    /// <summary>The deployed uploads queue's redrive policy: the receives before a message is parked.</summary>
    private async Task<int> DeployedMaxReceivesAsync()
    {
        var deployed = fixture.Environment.Setting(ShopNames.Settings.UploadsQueueUrl);
        var redrive = JsonNode.Parse((await fixture.Environment.Aws.Sqs.GetQueueAttributesAsync(deployed, ["RedrivePolicy"])).Attributes["RedrivePolicy"])!;
        return (int)redrive["maxReceiveCount"]!.GetValue<double>();
    }

    private const string MessageId = "5b0f3c1a-6d2e-4f7a-8b9c-0d1e2f3a4b5c";

    private static byte[] SqsMessage(string body, int receives) => System.Text.Encoding.UTF8.GetBytes(new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["messageId"] = MessageId,
            ["receiptHandle"] = "test-receipt",
            ["body"] = body,
            ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = receives.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["messageAttributes"] = new JsonObject(),
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = $"arn:aws:sqs:{LocalAws.Region}:{LocalAws.AccountId}:shop-uploads",
            ["awsRegion"] = LocalAws.Region,
        }),
    }.ToJsonString());

    private static string[] FailedMessages(Shop.Local.Functions.InvocationResult result)
    {
        Assert.True(result.Succeeded, result.PayloadText);
        return [.. System.Text.Json.JsonDocument.Parse(result.PayloadText).RootElement.GetProperty("batchItemFailures").EnumerateArray()
            .Select(f => f.GetProperty("itemIdentifier").GetString()!)];
    }

    private static async Task<Upload> WaitForAsync(DynamoDbUploadStore uploads, string seller, string uploadId, UploadStatus status)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var upload = await uploads.FindAsync(seller, uploadId, CancellationToken.None);
            if (upload!.Status == status || DateTime.UtcNow > until)
            {
                return upload;
            }
            await Task.Delay(200);
        }
    }

    [Theory]
    [InlineData("uploads-queued-sqs.json")]
    [InlineData("uploads-continued-sqs.json")]
    public async Task ReportsNoFailure_WhenAMessageNamesNoUploadOfThisEnvironment(string eventFile)
    {
        var importer = fixture.Function(ShopNames.Handlers.ImportUploads);

        var result = await importer.InvokeAsync(Shop.Tests.RepositoryPaths.Event(eventFile));

        Assert.True(result.Succeeded, result.PayloadText);
        Assert.Equal(0, System.Text.Json.JsonDocument.Parse(result.PayloadText).RootElement.GetProperty("batchItemFailures").GetArrayLength());
    }

    [Fact]
    public async Task ReportsTheMessageFailed_WhenItIsNeitherAnS3EventNorAContinuation()
    {
        var importer = fixture.Function(ShopNames.Handlers.ImportUploads);
        var poison = System.Text.Encoding.UTF8.GetString(Shop.Tests.RepositoryPaths.Event("uploads-queued-sqs.json"))
            .Replace("""\"Records\":[{""", """\"Recs\":[{""", StringComparison.Ordinal);

        var result = await importer.InvokeAsync(System.Text.Encoding.UTF8.GetBytes(poison));

        Assert.True(result.Succeeded, result.PayloadText);
        Assert.Equal("3f6c1a2e-8b7d-4e5f-9a0b-1c2d3e4f5a6b",
            System.Text.Json.JsonDocument.Parse(result.PayloadText).RootElement.GetProperty("batchItemFailures")[0].GetProperty("itemIdentifier").GetString());
    }
}
