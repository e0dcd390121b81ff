using System.Text.Json;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.StepFunctions;
using Shop.Lambda.Tests.Aws.Support;

namespace Shop.Lambda.Tests.Aws;

public sealed class StepFunctionsClientTests : IAsyncLifetime
{
    private const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:checkout";

    private readonly HttpClient _http = new();
    private FakeAwsServer _server = null!;
    private StepFunctionsClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeAwsServer.StartAsync();
        _client = new StepFunctionsClient(_http, _server.Endpoint, "us-east-1", new StaticCredentialsProvider(new AwsCredentials("AKID", "secret")));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SendsCamelCaseJson10StartExecution_WhenStartingNamedExecution()
    {
        _server.Respond(200, """{"executionArn":"arn:exec","startDate":1795451130.547}""");

        await _client.StartExecutionAsync(new StartExecutionRequest(StateMachineArn, "order-1", """{"orderId":"1"}"""), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("AWSStepFunctions.StartExecution", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", request.Header("Content-Type"));
        Assert.Contains("/us-east-1/states/aws4_request", request.Header("Authorization"));
        Assert.Equal($$"""{"stateMachineArn":"{{StateMachineArn}}","name":"order-1","input":"{\u0022orderId\u0022:\u00221\u0022}"}""", request.BodyText);
    }

    [Fact]
    public async Task ReturnsArnAndStartDate_WhenExecutionStarts()
    {
        _server.Respond(200, """{"executionArn":"arn:exec","startDate":1795451130.547}""");

        var response = await _client.StartExecutionAsync(new StartExecutionRequest(StateMachineArn, "order-1"), CancellationToken.None);

        Assert.Equal("arn:exec", response.ExecutionArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795451130547), response.StartDate);
    }

    [Fact]
    public async Task NamesExecutionWithUuid_WhenNoNameGiven()
    {
        _server.Respond(200, """{"executionArn":"arn:exec","startDate":1}""");

        await _client.StartExecutionAsync(new StartExecutionRequest(StateMachineArn), CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(_server.Requests).Body);
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("name").GetString(), out _));
    }

    [Fact]
    public async Task ReadsStatusOutputAndDates_WhenDescribingFinishedExecution()
    {
        _server.Respond(200, """
            {"executionArn":"arn:exec","stateMachineArn":"arn:sm","name":"order-1","status":"SUCCEEDED",
             "startDate":1795451130.5,"stopDate":1795451131,"input":"{}","output":"{\"ok\":true}","outputDetails":{"included":true}}
            """);

        var execution = await _client.DescribeExecutionAsync("arn:exec", CancellationToken.None);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.True(execution.IsFinished);
        Assert.Equal("""{"ok":true}""", execution.Output);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795451131), execution.StopDate);
        Assert.Equal("""{"executionArn":"arn:exec"}""", Assert.Single(_server.Requests).BodyText);
    }

    [Fact]
    public async Task SendsErrorAndCause_WhenFailingTask()
    {
        _server.Respond(200, "{}");

        await _client.SendTaskFailureAsync("token-1", "PaymentDeclined", "card declined", CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("AWSStepFunctions.SendTaskFailure", request.Header("X-Amz-Target"));
        Assert.Equal("""{"taskToken":"token-1","error":"PaymentDeclined","cause":"card declined"}""", request.BodyText);
    }

    [Fact]
    public async Task SendsTokenAndOutput_WhenCompletingTask()
    {
        _server.Respond(200, "{}");

        await _client.SendTaskSuccessAsync("token-1", """{"paid":true}""", CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("AWSStepFunctions.SendTaskSuccess", request.Header("X-Amz-Target"));
        Assert.Equal("""{"taskToken":"token-1","output":"{\u0022paid\u0022:true}"}""", request.BodyText);
    }

    [Fact]
    public async Task ThrowsTaskTimedOut_WhenHeartbeatComesTooLate()
    {
        _server.Respond(400, """{"__type":"com.amazonaws.swf.service.v2.model#TaskTimedOut","message":"Task Timed Out"}""");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _client.SendTaskHeartbeatAsync("token-1", CancellationToken.None));

        Assert.Equal("TaskTimedOut", error.ErrorCode);
        Assert.Equal("""{"taskToken":"token-1"}""", Assert.Single(_server.Requests).BodyText);
    }

    [Fact]
    public async Task FollowsNextToken_WhenListingAllStateMachines()
    {
        _server.Respond(200, """{"stateMachines":[{"stateMachineArn":"arn:1","name":"one","type":"STANDARD","creationDate":1}],"nextToken":"page-2"}""");
        _server.Respond(200, """{"stateMachines":[{"stateMachineArn":"arn:2","name":"two","type":"EXPRESS","creationDate":2}]}""");

        var names = new List<string>();
        await foreach (var stateMachine in _client.ListAllStateMachinesAsync(pageSize: 1))
        {
            names.Add(stateMachine.Name);
        }

        Assert.Equal(["one", "two"], names);
        Assert.Equal(["""{"maxResults":1}""", """{"maxResults":1,"nextToken":"page-2"}"""], _server.Requests.Select(r => r.BodyText));
    }

    [Fact]
    public async Task SendsDefinitionRoleAndType_WhenCreatingStateMachine()
    {
        _server.Respond(200, """{"stateMachineArn":"arn:sm","creationDate":1795451130.547}""");

        var created = await _client.CreateStateMachineAsync(
            new CreateStateMachineRequest("checkout", """{"StartAt":"P"}""", "arn:role", StateMachineType.Standard, [new StateMachineTag("app", "shop")]),
            CancellationToken.None);

        Assert.Equal("arn:sm", created.StateMachineArn);
        Assert.Equal(
            """{"name":"checkout","definition":"{\u0022StartAt\u0022:\u0022P\u0022}","roleArn":"arn:role","type":"STANDARD","tags":[{"key":"app","value":"shop"}]}""",
            Assert.Single(_server.Requests).BodyText);
    }
}
