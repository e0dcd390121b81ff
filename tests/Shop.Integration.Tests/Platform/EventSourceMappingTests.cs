using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Shop.Integration.Tests.Support;
using Shop.Local;
using Shop.Local.Deploy;
using Shop.Local.EventSources;

namespace Shop.Integration.Tests.Platform;

/// <summary>The edge's event source mappings against moto's SQS and DynamoDB Streams, feeding a real function.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class EventSourceMappingTests(LocalEnvironmentFixture fixture) : IDisposable
{
    private readonly string _records = Path.Combine(Path.GetTempPath(), "shop-esm-" + Guid.NewGuid().ToString("N")[..8] + ".log");
    private readonly CancellationTokenSource _stop = new();

    [Fact]
    public async Task DeletesHandledAndRedeliversReportedFailures_WhenQueueFeedsFunction()
    {
        var sqs = fixture.Environment.Aws.Sqs;
        var queue = await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "esm-" + Guid.NewGuid().ToString("N")[..8],
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "1" },
        });
        var function = fixture.AddTestFunction("sqs-record", environment: new Dictionary<string, string> { ["RECORD_FILE"] = _records });
        var mapping = new EventSourceMapping(function.Definition.Name, $"arn:aws:sqs:{LocalAws.Region}:{LocalAws.AccountId}:{queue.QueueUrl.Split('/').Last()}",
            BatchSize: 10, ReportBatchItemFailures: true, "LATEST", TimeSpan.Zero, MaximumRetryAttempts: null);
        var polling = new SqsEventSource(sqs, mapping, function, _ => { }).RunAsync(_stop.Token);

        foreach (var body in new[] { "alpha", "bravo", "fail-charlie" })
        {
            await sqs.SendMessageAsync(queue.QueueUrl, body);
        }
        var lines = await WaitForAsync(l => l.Contains("ok alpha") && l.Contains("ok bravo") && l.Count(x => x.StartsWith("failed fail-charlie")) >= 2);
        await _stop.CancelAsync();
        await polling;

        Assert.Single(lines, l => l == "ok alpha");
        Assert.Single(lines, l => l == "ok bravo");
        Assert.Contains(lines, l => l == "failed fail-charlie receive=2");
        var left = await sqs.GetQueueAttributesAsync(queue.QueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        Assert.Equal(1, left.ApproximateNumberOfMessages + left.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task DeliversEveryChangeInOrderAndResumesAtFailure_WhenStreamFeedsFunction()
    {
        var dynamo = fixture.Environment.Aws.DynamoDb;
        var tableName = "esm-" + Guid.NewGuid().ToString("N")[..8];
        var table = await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement("PK", Amazon.DynamoDBv2.KeyType.HASH)],
            AttributeDefinitions = [new AttributeDefinition("PK", Amazon.DynamoDBv2.ScalarAttributeType.S)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = Amazon.DynamoDBv2.StreamViewType.NEW_AND_OLD_IMAGES },
        });
        var function = fixture.AddTestFunction("stream-record", environment: new Dictionary<string, string> { ["RECORD_FILE"] = _records });
        var mapping = new EventSourceMapping(function.Definition.Name, table.TableDescription.LatestStreamArn,
            BatchSize: 10, ReportBatchItemFailures: true, "TRIM_HORIZON", TimeSpan.Zero, MaximumRetryAttempts: null);

        foreach (var key in new[] { "item-1", "poison-2", "item-3" })
        {
            await dynamo.PutItemAsync(tableName, new Dictionary<string, AttributeValue> { ["PK"] = new() { S = key } });
        }
        await dynamo.DeleteItemAsync(tableName, new Dictionary<string, AttributeValue> { ["PK"] = new() { S = "item-1" } });
        var polling = new DynamoDbStreamEventSource(fixture.Environment.Aws, mapping, function, _ => { }).RunAsync(_stop.Token);

        var lines = await WaitForAsync(l => l.Count == 4);
        await _stop.CancelAsync();
        await polling;

        Assert.Equal(["INSERT item-1", "INSERT poison-2", "INSERT item-3", "REMOVE item-1"], lines);
    }

    private async Task<List<string>> WaitForAsync(Func<List<string>, bool> done)
    {
        var lines = new List<string>();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            lines = File.Exists(_records) ? [.. await File.ReadAllLinesAsync(_records)] : [];
            if (done(lines))
            {
                return lines;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The function did not record the expected lines within 30 s; it recorded: {string.Join(" | ", lines)}");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_records)!, Path.GetFileName(_records) + "*"))
        {
            File.Delete(file);
        }
    }
}
