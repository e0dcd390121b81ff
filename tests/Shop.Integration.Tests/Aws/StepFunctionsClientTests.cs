using System.Net;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.StepFunctions;

namespace Shop.Integration.Tests.Aws;

[Collection(MotoCollection.Name)]
public sealed class StepFunctionsClientTests : IDisposable
{
    private const string RoleArn = $"arn:aws:iam::{MotoFixture.AccountId}:role/shop-test-workflow";
    private const string StampDefinition = """
        {"StartAt":"Stamp","States":{"Stamp":{"Type":"Pass","Result":{"stamped":true},"ResultPath":"$.stamp","End":true}}}
        """;

    private static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(30);

    private readonly MotoFixture _moto;
    private readonly HttpClient _http = new();
    private readonly StepFunctionsClient _client;
    private readonly AmazonSQSClient _sqs;

    public StepFunctionsClientTests(MotoFixture moto)
    {
        _moto = moto;
        _client = new StepFunctionsClient(_http, moto.Endpoint, MotoFixture.Region, new StaticCredentialsProvider(MotoFixture.Credentials));
        _sqs = new AmazonSQSClient(
            new BasicAWSCredentials(MotoFixture.Credentials.AccessKeyId, MotoFixture.Credentials.SecretAccessKey),
            new AmazonSQSConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = MotoFixture.Region });
    }

    public void Dispose()
    {
        _sqs.Dispose();
        _http.Dispose();
    }

    [Fact]
    public async Task SucceedsWithPassStateOutput_WhenOneStateMachineRunsThreeTimes()
    {
        // moto 5.2.1 fails every execution after the first unless launched through launch_moto.py.
        var stateMachineArn = await CreateAsync(StampDefinition);

        for (var run = 1; run <= 3; run++)
        {
            var started = await _client.StartExecutionAsync(new StartExecutionRequest(stateMachineArn, $"run-{run}", $$"""{"orderId":"order-{{run}}"}"""), CancellationToken.None);
            var execution = await WaitUntilFinishedAsync(started.ExecutionArn);

            Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
            AssertJsonEqual($$$"""{"orderId":"order-{{{run}}}","stamp":{"stamped":true}}""", execution.Output);
        }
    }

    [Fact]
    public async Task ReadsTheStatesEnteredAndLeftInOrder_WhenAnExecutionsHistoryIsRead()
    {
        var stateMachineArn = await CreateAsync(StampDefinition);
        var started = await _client.StartExecutionAsync(new StartExecutionRequest(stateMachineArn, "history", "{}"), CancellationToken.None);
        await WaitUntilFinishedAsync(started.ExecutionArn);

        var events = await _client.GetExecutionHistoryAsync(started.ExecutionArn, CancellationToken.None);

        Assert.Equal("ExecutionStarted", events[0].Type);
        Assert.Equal("ExecutionSucceeded", events[^1].Type);
        Assert.Equal("Stamp", events.Single(e => e.Type == "PassStateEntered").StateEnteredEventDetails!.Name);
        Assert.Equal("Stamp", events.Single(e => e.Type == "PassStateExited").StateExitedEventDetails!.Name);
        Assert.True(events.Zip(events.Skip(1)).All(pair => pair.First.Id < pair.Second.Id && pair.First.Timestamp <= pair.Second.Timestamp));
    }

    [Fact]
    public async Task DescribesDefinitionRoleAndType_WhenStateMachineCreated()
    {
        var name = UniqueName("describe");
        var created = await _client.CreateStateMachineAsync(new CreateStateMachineRequest(name, StampDefinition, RoleArn, StateMachineType.Standard), CancellationToken.None);

        var described = await _client.DescribeStateMachineAsync(created.StateMachineArn, CancellationToken.None);

        Assert.Equal(name, described.Name);
        Assert.Equal(RoleArn, described.RoleArn);
        Assert.Equal(StateMachineType.Standard, described.Type);
        Assert.Equal("ACTIVE", described.Status);
        AssertJsonEqual(StampDefinition, described.Definition);
    }

    [Fact]
    public async Task DescribesNewDefinition_WhenStateMachineUpdated()
    {
        var stateMachineArn = await CreateAsync(StampDefinition);
        const string updated = """{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}""";

        await _client.UpdateStateMachineAsync(new UpdateStateMachineRequest(stateMachineArn, Definition: updated), CancellationToken.None);

        var described = await _client.DescribeStateMachineAsync(stateMachineArn, CancellationToken.None);
        AssertJsonEqual(updated, described.Definition);
    }

    [Fact]
    public async Task ListsEveryStateMachine_WhenPagingOneAtATime()
    {
        var arns = new[] { await CreateAsync(StampDefinition), await CreateAsync(StampDefinition) };

        var listed = new List<string>();
        await foreach (var stateMachine in _client.ListAllStateMachinesAsync(pageSize: 1))
        {
            listed.Add(stateMachine.StateMachineArn);
            Assert.True(listed.Count < 1000, "Paging does not end: the next token is not being followed.");
        }

        Assert.Subset(listed.ToHashSet(), arns.ToHashSet());
    }

    [Fact]
    public async Task ResumesWithTaskOutput_WhenTaskSuccessSent()
    {
        var (executionArn, taskToken) = await StartWaitingForTokenAsync(heartbeatSeconds: null);

        await _client.SendTaskSuccessAsync(taskToken, """{"paymentId":"pay-1"}""", CancellationToken.None);

        var execution = await WaitUntilFinishedAsync(executionArn);
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        AssertJsonEqual("""{"paymentId":"pay-1"}""", execution.Output);
    }

    [Fact]
    public async Task FailsExecutionWithTaskError_WhenTaskFailureSent()
    {
        var (executionArn, taskToken) = await StartWaitingForTokenAsync(heartbeatSeconds: null);

        await _client.SendTaskFailureAsync(taskToken, "PaymentDeclined", "card declined", CancellationToken.None);

        var execution = await WaitUntilFinishedAsync(executionArn);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("PaymentDeclined", execution.Error);
    }

    [Fact]
    public async Task KeepsTaskWaiting_WhenHeartbeatSent()
    {
        var (executionArn, taskToken) = await StartWaitingForTokenAsync(heartbeatSeconds: 60);

        await _client.SendTaskHeartbeatAsync(taskToken, CancellationToken.None);

        var execution = await _client.DescribeExecutionAsync(executionArn, CancellationToken.None);
        Assert.Equal(ExecutionStatus.Running, execution.Status);
        await _client.SendTaskSuccessAsync(taskToken, "{}", CancellationToken.None);
    }

    [Fact]
    public async Task ThrowsInvalidToken_WhenTaskTokenIsUnknown()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _client.SendTaskSuccessAsync("not-a-token", "{}", CancellationToken.None));

        Assert.Equal("InvalidToken", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
    }

    [Fact]
    public async Task ThrowsExecutionDoesNotExist_WhenDescribingUnknownExecution()
    {
        var unknown = $"arn:aws:states:{MotoFixture.Region}:{MotoFixture.AccountId}:execution:{UniqueName("none")}:missing";

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _client.DescribeExecutionAsync(unknown, CancellationToken.None));

        Assert.Equal("ExecutionDoesNotExist", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task ThrowsExecutionAlreadyExists_WhenNameReusedWithOtherInput()
    {
        var stateMachineArn = await CreateAsync(StampDefinition);
        await _client.StartExecutionAsync(new StartExecutionRequest(stateMachineArn, "order-42", """{"attempt":1}"""), CancellationToken.None);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _client.StartExecutionAsync(new StartExecutionRequest(stateMachineArn, "order-42", """{"attempt":2}"""), CancellationToken.None));

        Assert.Equal("ExecutionAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task StartsSeparateExecutions_WhenNoNamesGiven()
    {
        // moto itself would name both executions "None" and refuse the second.
        var stateMachineArn = await CreateAsync(StampDefinition);

        var first = await _client.StartExecutionAsync(new StartExecutionRequest(stateMachineArn, Input: "{}"), CancellationToken.None);
        var second = await _client.StartExecutionAsync(new StartExecutionRequest(stateMachineArn, Input: "{}"), CancellationToken.None);

        Assert.NotEqual(first.ExecutionArn, second.ExecutionArn);
    }

    private async Task<string> CreateAsync(string definition)
    {
        var created = await _client.CreateStateMachineAsync(new CreateStateMachineRequest(UniqueName("sm"), definition, RoleArn), CancellationToken.None);
        return created.StateMachineArn;
    }

    /// <summary>
    /// Starts a state machine whose only task sends its task token to an SQS queue and waits for a
    /// callback (sqs:sendMessage.waitForTaskToken), then reads the token off the queue.
    /// </summary>
    private async Task<(string ExecutionArn, string TaskToken)> StartWaitingForTokenAsync(int? heartbeatSeconds)
    {
        var queueUrl = (await _sqs.CreateQueueAsync(UniqueName("tokens"))).QueueUrl;
        var task = new JsonObject
        {
            ["Type"] = "Task",
            ["Resource"] = "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            ["Parameters"] = new JsonObject
            {
                ["QueueUrl"] = queueUrl,
                ["MessageBody"] = new JsonObject { ["taskToken.$"] = "$$.Task.Token", ["orderId.$"] = "$.orderId" },
            },
            ["End"] = true,
        };
        if (heartbeatSeconds is { } seconds)
        {
            task["HeartbeatSeconds"] = seconds;
        }
        var definition = new JsonObject { ["StartAt"] = "AwaitPayment", ["States"] = new JsonObject { ["AwaitPayment"] = task } };
        var stateMachineArn = await CreateAsync(definition.ToJsonString());

        var started = await _client.StartExecutionAsync(new StartExecutionRequest(stateMachineArn, Input: """{"orderId":"order-7"}"""), CancellationToken.None);
        return (started.ExecutionArn, await ReceiveTaskTokenAsync(queueUrl));
    }

    private async Task<string> ReceiveTaskTokenAsync(string queueUrl)
    {
        for (var poll = 0; poll < 30; poll++)
        {
            var received = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 1, MaxNumberOfMessages = 1 });
            if (received.Messages is [var message, ..])
            {
                var body = JsonNode.Parse(message.Body)!;
                Assert.Equal("order-7", body["orderId"]!.GetValue<string>());
                return body["taskToken"]!.GetValue<string>();
            }
        }
        throw new TimeoutException($"No task token arrived on {queueUrl}.\n{_moto.Output}");
    }

    private async Task<DescribeExecutionResponse> WaitUntilFinishedAsync(string executionArn)
    {
        var deadline = DateTime.UtcNow + FinishTimeout;
        while (true)
        {
            var execution = await _client.DescribeExecutionAsync(executionArn, CancellationToken.None);
            if (execution.IsFinished)
            {
                return execution;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{executionArn} is still {execution.Status} after {FinishTimeout.TotalSeconds} s.\n{_moto.Output}");
            }
            await Task.Delay(100);
        }
    }

    private static void AssertJsonEqual(string expected, string? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}, got {actual}.");
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
