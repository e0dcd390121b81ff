using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Lambda.Aws;
using Shop.Local.Deploy;
using Shop.Local.Functions;

namespace Shop.Local.EventSources;

/// <summary>
/// Lambda's DynamoDB Streams event source mapping: read each shard in order and hand batches to
/// the function. A batch is retried until it succeeds (or MaximumRetryAttempts runs out), so a
/// record is never skipped silently; with ReportBatchItemFailures the shard resumes from the
/// first record the function reported.
/// </summary>
public sealed class DynamoDbStreamEventSource(LocalAwsClients aws, EventSourceMapping mapping, FunctionHost function, Action<string> log) : IEventSource
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(250);

    public string Describe => $"DynamoDB stream {mapping.EventSourceArn.Split('/')[1]} -> {function.Definition.Name}";

    public async Task RunAsync(CancellationToken stopping)
    {
        var readers = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                foreach (var shardId in await ShardIdsAsync(stopping))
                {
                    if (!readers.ContainsKey(shardId))
                    {
                        readers[shardId] = ReadShardAsync(shardId, stopping);
                    }
                }
                await Task.Delay(TimeSpan.FromSeconds(5), stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        await Task.WhenAll(readers.Values);
    }

    private async Task<List<string>> ShardIdsAsync(CancellationToken stopping)
    {
        var description = await aws.StreamsAsync("DescribeStream", new JsonObject { ["StreamArn"] = mapping.EventSourceArn }, stopping);
        return (description["StreamDescription"]?["Shards"]?.AsArray() ?? [])
            .Select(s => (string)s!["ShardId"]!)
            .ToList();
    }

    private async Task ReadShardAsync(string shardId, CancellationToken stopping)
    {
        try
        {
            var iterator = await IteratorAsync(shardId, mapping.StartingPosition, null, stopping);
            while (iterator is not null && !stopping.IsCancellationRequested)
            {
                var page = await aws.StreamsAsync("GetRecords", new JsonObject { ["ShardIterator"] = iterator, ["Limit"] = mapping.BatchSize }, stopping);
                var records = page["Records"]?.AsArray() ?? [];
                var next = (string?)page["NextShardIterator"];
                if (records.Count == 0)
                {
                    iterator = next;
                    await Task.Delay(IdlePoll, stopping);
                    continue;
                }
                var resumeFrom = await DeliverAsync(records, stopping);
                iterator = resumeFrom is null ? next : await IteratorAsync(shardId, "AT_SEQUENCE_NUMBER", resumeFrom, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (AwsServiceException error)
        {
            log($"{Describe}: shard {shardId} stopped: {error.Message}");
        }
    }

    /// <summary>Delivers one batch; answers the sequence number to resume from when part of it must be read again.</summary>
    private async Task<string?> DeliverAsync(JsonArray records, CancellationToken stopping)
    {
        var payload = Event(records);
        for (var attempt = 0; ; attempt++)
        {
            var result = await function.InvokeAsync(payload);
            if (result.Succeeded)
            {
                return mapping.ReportBatchItemFailures ? FirstFailure(result.Payload, records) : null;
            }
            if (mapping.MaximumRetryAttempts is { } limit && attempt >= limit)
            {
                log($"{Describe}: dropping a batch of {records.Count} after {attempt + 1} failed attempts: {result.PayloadText}");
                return null;
            }
            log($"{Describe}: batch of {records.Count} failed (attempt {attempt + 1}), retrying: {result.PayloadText}");
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * Math.Pow(2, attempt))), stopping);
        }
    }

    /// <summary>The lowest reported sequence number; an unknown one means the whole batch again, as Lambda does.</summary>
    private static string? FirstFailure(ReadOnlyMemory<byte> response, JsonArray records)
    {
        var sequenceNumbers = records.Select(r => (string)r!["dynamodb"]!["SequenceNumber"]!).ToList();
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(response.Span.ToArray());
        }
        catch (JsonException)
        {
            return sequenceNumbers[0];
        }
        if (document?["batchItemFailures"] is not JsonArray failures || failures.Count == 0)
        {
            return null;
        }
        var reported = failures.Select(f => (string?)f?["itemIdentifier"]).ToList();
        if (reported.Any(id => id is null || !sequenceNumbers.Contains(id)))
        {
            return sequenceNumbers[0];
        }
        return sequenceNumbers.First(reported.Contains);
    }

    private async Task<string?> IteratorAsync(string shardId, string type, string? sequenceNumber, CancellationToken stopping)
    {
        var request = new JsonObject { ["StreamArn"] = mapping.EventSourceArn, ["ShardId"] = shardId, ["ShardIteratorType"] = type };
        if (sequenceNumber is not null)
        {
            request["SequenceNumber"] = sequenceNumber;
        }
        return (string?)(await aws.StreamsAsync("GetShardIterator", request, stopping))["ShardIterator"];
    }

    private byte[] Event(JsonArray records)
    {
        var withSource = new JsonArray();
        foreach (var record in records)
        {
            var copy = record!.DeepClone().AsObject();
            copy["eventSourceARN"] = mapping.EventSourceArn;
            copy["awsRegion"] ??= LocalAws.Region;
            copy["eventSource"] ??= "aws:dynamodb";
            withSource.Add(copy);
        }
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["Records"] = withSource });
    }
}
