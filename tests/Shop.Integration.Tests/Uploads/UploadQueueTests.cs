using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Shop.Core;
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
        var deployed = fixture.Environment.Setting(ShopNames.Settings.UploadsQueueUrl);
        var deployedRedrive = JsonNode.Parse((await sqs.GetQueueAttributesAsync(deployed, ["RedrivePolicy"])).Attributes["RedrivePolicy"])!;
        var maxReceives = (int)deployedRedrive["maxReceiveCount"]!.GetValue<double>();
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
