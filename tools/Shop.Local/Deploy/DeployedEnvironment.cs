using System.Text.Json.Nodes;

namespace Shop.Local.Deploy;

/// <summary>An SQS queue or DynamoDB stream feeding a function, as AWS::Lambda::EventSourceMapping declares it.</summary>
public sealed record EventSourceMapping(
    string FunctionName,
    string EventSourceArn,
    int BatchSize,
    bool ReportBatchItemFailures,
    string StartingPosition,
    TimeSpan MaximumBatchingWindow,
    int? MaximumRetryAttempts);

/// <summary>
/// An EventBridge rule's <c>rate(...)</c> schedule invoking one of the project's functions: with the
/// target's constant <c>Input</c> when it has one, else with a "Scheduled Event".
/// </summary>
public sealed record ScheduledInvocation(string RuleName, string RuleArn, string Expression, TimeSpan Period, string FunctionName, string? Input);

/// <summary>An HTTP API route (payload 2.0) and the function integrated behind it.</summary>
public sealed record HttpApiRoute(string RouteKey, string FunctionName, string? AuthorizerId);

/// <summary>A JWT authorizer on an HTTP API: tokens from the named header, checked against issuer and audiences.</summary>
public sealed record HttpApiAuthorizer(string Id, string IdentitySource, string Issuer, IReadOnlyList<string> Audiences);

/// <summary>The API's CORS configuration; API Gateway answers preflights from it and stamps it on every response.</summary>
public sealed record HttpApiCors(IReadOnlyList<string> AllowOrigins, IReadOnlyList<string> AllowMethods, IReadOnlyList<string> AllowHeaders,
    IReadOnlyList<string> ExposeHeaders, int? MaxAge, bool AllowCredentials);

public sealed record HttpApi(string Id, string Name, List<HttpApiRoute> Routes, Dictionary<string, HttpApiAuthorizer> Authorizers, HttpApiCors? Cors = null);

/// <summary>Everything the local deploy produced, by stack and logical id.</summary>
public sealed class DeployedEnvironment
{
    public Dictionary<string, Dictionary<string, DeployedResource>> Stacks { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Exports { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Dictionary<string, string>> Outputs { get; } = new(StringComparer.Ordinal);
    public List<EventSourceMapping> EventSourceMappings { get; } = [];
    public List<ScheduledInvocation> Schedules { get; } = [];
    public List<HttpApi> HttpApis { get; } = [];

    /// <summary>The physical ids of every resource of one type, across stacks.</summary>
    public IEnumerable<DeployedResource> OfType(string type) =>
        Stacks.Values.SelectMany(s => s.Values).Where(r => r.Type == type);

    public string Output(string stack, string name) =>
        Outputs.TryGetValue(stack, out var outputs) && outputs.TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException($"Stack {stack} has no output {name}.");

    internal static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
}
