using System.Text;
using System.Text.Json;
using Shop.Lambda.Events;
using Shop.Lambda.Runtime;

namespace Shop.TestFunctions;

internal sealed class Echo : ILambdaHandler
{
    public Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken) =>
        Task.FromResult(payload);
}

internal sealed class Throw : ILambdaHandler
{
    public Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the handler failed on purpose");
}

internal sealed class Exit : ILambdaHandler
{
    public Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken)
    {
        Environment.Exit(3);
        return Task.FromResult(payload);
    }
}

/// <summary>Sleeps for <c>{"ms": N}</c> milliseconds, ignoring the deadline, to provoke timeouts.</summary>
internal sealed class Sleep : ILambdaHandler
{
    public async Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken)
    {
        using var input = JsonDocument.Parse(payload);
        var ms = input.RootElement.GetProperty("ms").GetInt32();
        await Task.Delay(ms, CancellationToken.None);
        return Encoding.UTF8.GetBytes($$"""{"slept":{{ms}},"pid":{{Environment.ProcessId}}}""");
    }
}

internal sealed class ProcessId : ILambdaHandler
{
    public Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken) =>
        Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes($$"""{"pid":{{Environment.ProcessId}},"requestId":"{{context.RequestId}}","deadlineMs":{{context.Deadline.ToUnixTimeMilliseconds()}}}"""));
}

/// <summary>Records each event it is given as one line (the event's JSON, compacted) and answers <c>{}</c>.</summary>
internal sealed class Recorder(string recordFile) : ILambdaHandler
{
    public async Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken)
    {
        using var input = JsonDocument.Parse(payload);
        await File.AppendAllTextAsync(recordFile, JsonSerializer.Serialize(input.RootElement) + "\n", cancellationToken);
        return "{}"u8.ToArray();
    }
}

/// <summary>Records each SQS body as a line; reports bodies containing "fail" as batch item failures.</summary>
internal sealed class SqsRecorder(string recordFile) : JsonLambdaHandler<SqsEvent, SqsBatchResponse>(
    LambdaEventsJsonContext.Default.SqsEvent, LambdaEventsJsonContext.Default.SqsBatchResponse)
{
    protected override async Task<SqsBatchResponse> HandleAsync(SqsEvent input, LambdaContext context, CancellationToken cancellationToken)
    {
        var failures = new List<BatchItemFailure>();
        foreach (var message in input.Records)
        {
            if (message.Body.Contains("fail", StringComparison.Ordinal))
            {
                failures.Add(new BatchItemFailure(message.MessageId));
                await File.AppendAllTextAsync(recordFile, $"failed {message.Body} receive={message.ApproximateReceiveCount()}\n", cancellationToken);
                continue;
            }
            await File.AppendAllTextAsync(recordFile, $"ok {message.Body}\n", cancellationToken);
        }
        return new SqsBatchResponse(failures);
    }
}

/// <summary>
/// Records each stream record as "EVENT PK" in order. A record whose PK starts with "poison" fails
/// the first time it is seen (reported as the batch item failure), so the shard must resume from it.
/// </summary>
internal sealed class StreamRecorder(string recordFile) : JsonLambdaHandler<DynamoDbStreamEvent, StreamsEventResponse>(
    LambdaEventsJsonContext.Default.DynamoDbStreamEvent, LambdaEventsJsonContext.Default.StreamsEventResponse)
{
    protected override async Task<StreamsEventResponse> HandleAsync(DynamoDbStreamEvent input, LambdaContext context, CancellationToken cancellationToken)
    {
        foreach (var record in input.Records)
        {
            var key = record.Dynamodb.Keys["PK"].AsString();
            var marker = recordFile + ".seen-" + record.Dynamodb.SequenceNumber;
            if (key.StartsWith("poison", StringComparison.Ordinal) && !File.Exists(marker))
            {
                await File.WriteAllTextAsync(marker, "", cancellationToken);
                return new StreamsEventResponse([new BatchItemFailure(record.Dynamodb.SequenceNumber)]);
            }
            await File.AppendAllTextAsync(recordFile, $"{record.EventName} {key}\n", cancellationToken);
        }
        return new StreamsEventResponse([]);
    }
}

/// <summary>Answers with <c>{"bytes": N}</c> bytes of JSON, to cross Lambda's 6 MB response limit.</summary>
internal sealed class Large : ILambdaHandler
{
    public Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken)
    {
        using var input = JsonDocument.Parse(payload);
        var bytes = input.RootElement.GetProperty("bytes").GetInt32();
        return Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes("\"" + new string('x', bytes - 2) + "\""));
    }
}
