namespace Shop.Lambda.Aws.StepFunctions;

/// <summary>Execution statuses as the API spells them. Strings rather than an enum, so a status added later still deserializes.</summary>
public static class ExecutionStatus
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Aborted = "ABORTED";
    public const string PendingRedrive = "PENDING_REDRIVE";
}

public static class StateMachineType
{
    public const string Standard = "STANDARD";
    public const string Express = "EXPRESS";
}

/// <param name="Name">The execution's name, unique per state machine for 90 days; when left out the client picks a UUID, so a retried call cannot start a second execution.</param>
/// <param name="Input">The execution input, a JSON document as a string.</param>
public sealed record StartExecutionRequest(string StateMachineArn, string? Name = null, string? Input = null, string? TraceHeader = null);

public sealed record StartExecutionResponse(string ExecutionArn, DateTimeOffset StartDate);

public sealed record DescribeExecutionResponse(
    string ExecutionArn,
    string StateMachineArn,
    string? Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate = null,
    string? Input = null,
    string? Output = null,
    string? Error = null,
    string? Cause = null)
{
    public bool IsFinished => Status is not (ExecutionStatus.Running or ExecutionStatus.PendingRedrive);
}

public sealed record StateMachineTag(string Key, string Value);

public sealed record TracingConfiguration(bool Enabled);

/// <param name="Definition">The Amazon States Language document, as a string.</param>
/// <param name="Type"><see cref="StateMachineType.Standard"/> (the service's default) or <see cref="StateMachineType.Express"/>.</param>
public sealed record CreateStateMachineRequest(
    string Name,
    string Definition,
    string RoleArn,
    string? Type = null,
    IReadOnlyList<StateMachineTag>? Tags = null,
    TracingConfiguration? TracingConfiguration = null,
    bool? Publish = null);

public sealed record CreateStateMachineResponse(string StateMachineArn, DateTimeOffset CreationDate, string? StateMachineVersionArn = null);

public sealed record UpdateStateMachineRequest(
    string StateMachineArn,
    string? Definition = null,
    string? RoleArn = null,
    TracingConfiguration? TracingConfiguration = null,
    bool? Publish = null);

public sealed record UpdateStateMachineResponse(DateTimeOffset UpdateDate, string? RevisionId = null, string? StateMachineVersionArn = null);

public sealed record DescribeStateMachineResponse(
    string StateMachineArn,
    string Name,
    string? Status,
    string Definition,
    string RoleArn,
    string Type,
    DateTimeOffset CreationDate,
    string? RevisionId = null,
    string? Description = null,
    TracingConfiguration? TracingConfiguration = null);

public sealed record ListStateMachinesResponse(IReadOnlyList<StateMachineListItem> StateMachines, string? NextToken = null);

public sealed record StateMachineListItem(string StateMachineArn, string Name, string? Type, DateTimeOffset CreationDate);

internal sealed record DescribeExecutionRequest(string ExecutionArn);

internal sealed record SendTaskSuccessRequest(string TaskToken, string Output);

internal sealed record SendTaskFailureRequest(string TaskToken, string? Error, string? Cause);

internal sealed record SendTaskHeartbeatRequest(string TaskToken);

internal sealed record DescribeStateMachineRequest(string StateMachineArn);

internal sealed record ListStateMachinesRequest(int? MaxResults, string? NextToken);

public sealed record ListExecutionsRequest(string StateMachineArn, int? MaxResults = null, string? NextToken = null);

public sealed record ListExecutionsResponse(IReadOnlyList<ExecutionListItem> Executions, string? NextToken = null);

public sealed record ExecutionListItem(string ExecutionArn, string Name, string Status, DateTimeOffset StartDate);

public sealed record GetExecutionHistoryRequest(string ExecutionArn, int? MaxResults = null, string? NextToken = null, bool? IncludeExecutionData = null);

public sealed record GetExecutionHistoryResponse(IReadOnlyList<HistoryEvent> Events, string? NextToken = null);

/// <summary>One event of an execution's history; only the members Shop reads (the state's name for state events).</summary>
public sealed record HistoryEvent(long Id, string Type, DateTimeOffset Timestamp, long? PreviousEventId = null,
    StateEnteredEventDetails? StateEnteredEventDetails = null, StateExitedEventDetails? StateExitedEventDetails = null);

public sealed record StateEnteredEventDetails(string Name);

public sealed record StateExitedEventDetails(string Name);
