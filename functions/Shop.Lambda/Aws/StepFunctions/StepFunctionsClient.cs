using System.Runtime.CompilerServices;

namespace Shop.Lambda.Aws.StepFunctions;

/// <summary>
/// AWS Step Functions over its JSON 1.0 API (target prefix AWSStepFunctions, signing name
/// states): executions, task-token callbacks and state machine management.
/// </summary>
public sealed class StepFunctionsClient
{
    public const string ServiceId = "SFN";
    public const string EndpointPrefix = "states";

    public static AwsJsonService Service { get; } = new("states", "AWSStepFunctions", "1.0");

    private static readonly StepFunctionsJsonContext Json = StepFunctionsJsonContext.Default;

    private readonly AwsJsonClient _client;

    public StepFunctionsClient(
        HttpClient http,
        Uri endpoint,
        string region,
        IAwsCredentialsProvider credentials,
        AwsRetryOptions? retry = null,
        TimeProvider? time = null)
    {
        _client = new AwsJsonClient(http, endpoint, region, Service, credentials, retry, time);
    }

    public static Uri ResolveEndpoint(string region, Func<string, string?> environment) =>
        AwsEndpoints.Resolve(ServiceId, EndpointPrefix, region, environment);

    public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync(
            "StartExecution",
            request with { Name = request.Name ?? Guid.NewGuid().ToString() },
            Json.StartExecutionRequest,
            Json.StartExecutionResponse,
            cancellationToken);

    public Task<DescribeExecutionResponse> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken) =>
        _client.SendAsync("DescribeExecution", new DescribeExecutionRequest(executionArn), Json.DescribeExecutionRequest, Json.DescribeExecutionResponse, cancellationToken);

    /// <param name="output">The task's result, a JSON document as a string.</param>
    public Task SendTaskSuccessAsync(string taskToken, string output, CancellationToken cancellationToken) =>
        _client.SendAsync("SendTaskSuccess", new SendTaskSuccessRequest(taskToken, output), Json.SendTaskSuccessRequest, Json.AwsEmpty, cancellationToken);

    public Task SendTaskFailureAsync(string taskToken, string? error, string? cause, CancellationToken cancellationToken) =>
        _client.SendAsync("SendTaskFailure", new SendTaskFailureRequest(taskToken, error, cause), Json.SendTaskFailureRequest, Json.AwsEmpty, cancellationToken);

    public Task SendTaskHeartbeatAsync(string taskToken, CancellationToken cancellationToken) =>
        _client.SendAsync("SendTaskHeartbeat", new SendTaskHeartbeatRequest(taskToken), Json.SendTaskHeartbeatRequest, Json.AwsEmpty, cancellationToken);

    public Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync("CreateStateMachine", request, Json.CreateStateMachineRequest, Json.CreateStateMachineResponse, cancellationToken);

    public Task<UpdateStateMachineResponse> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync("UpdateStateMachine", request, Json.UpdateStateMachineRequest, Json.UpdateStateMachineResponse, cancellationToken);

    public Task<DescribeStateMachineResponse> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken) =>
        _client.SendAsync("DescribeStateMachine", new DescribeStateMachineRequest(stateMachineArn), Json.DescribeStateMachineRequest, Json.DescribeStateMachineResponse, cancellationToken);

    /// <summary>One page of state machines; pass the previous page's NextToken to get the next.</summary>
    public Task<ListStateMachinesResponse> ListStateMachinesAsync(string? nextToken, int? maxResults, CancellationToken cancellationToken) =>
        _client.SendAsync("ListStateMachines", new ListStateMachinesRequest(maxResults, nextToken), Json.ListStateMachinesRequest, Json.ListStateMachinesResponse, cancellationToken);

    /// <summary>Every execution of a state machine, page after page, newest first.</summary>
    public async Task<IReadOnlyList<ExecutionListItem>> ListExecutionsAsync(string stateMachineArn, CancellationToken cancellationToken)
    {
        var executions = new List<ExecutionListItem>();
        string? nextToken = null;
        do
        {
            var page = await _client.SendAsync("ListExecutions", new ListExecutionsRequest(stateMachineArn, 1000, nextToken), Json.ListExecutionsRequest, Json.ListExecutionsResponse, cancellationToken);
            executions.AddRange(page.Executions);
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));
        return executions;
    }

    /// <summary>An execution's whole history, oldest event first (without inputs and outputs).</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetExecutionHistoryAsync(string executionArn, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        string? nextToken = null;
        do
        {
            var page = await _client.SendAsync("GetExecutionHistory", new GetExecutionHistoryRequest(executionArn, 1000, nextToken, IncludeExecutionData: false),
                Json.GetExecutionHistoryRequest, Json.GetExecutionHistoryResponse, cancellationToken);
            events.AddRange(page.Events);
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));
        return events;
    }

    /// <summary>Every state machine, page after page.</summary>
    public async IAsyncEnumerable<StateMachineListItem> ListAllStateMachinesAsync(
        int? pageSize = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? nextToken = null;
        do
        {
            var page = await ListStateMachinesAsync(nextToken, pageSize, cancellationToken);
            foreach (var stateMachine in page.StateMachines)
            {
                yield return stateMachine;
            }
            nextToken = page.NextToken;
        }
        while (!string.IsNullOrEmpty(nextToken));
    }
}
