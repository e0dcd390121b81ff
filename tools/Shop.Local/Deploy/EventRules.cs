using System.Text.Json.Nodes;
using Shop.Local.EventSources;
using Shop.Local.Functions;

namespace Shop.Local.Deploy;

/// <summary>
/// EventBridge rules, as far as the local environment runs them: a <c>rate(...)</c> schedule whose
/// targets are the project's functions (the environment invokes them on that schedule once deployed,
/// see <see cref="ScheduledEventSource"/>). Event patterns, <c>cron(...)</c> schedules and other
/// targets are deployed as names only, and said so in the log.
/// </summary>
internal static class EventRules
{
    public static DeployedResource Rule(ResourceContext resource, FunctionRegistry functions, Action<string> log)
    {
        var name = resource.Property("Name") ?? resource.PhysicalName(64);
        var arn = $"arn:aws:events:{LocalAws.Region}:{LocalAws.AccountId}:rule/{name}";
        var deployed = new DeployedResource(resource.Type, name, new Dictionary<string, string> { ["Arn"] = arn });
        var expression = resource.Property("ScheduleExpression");
        if (expression is null)
        {
            log($"not emulated locally: event pattern rule {resource.LogicalId} in {resource.StackName}");
            return deployed;
        }
        if (string.Equals(resource.Property("State"), "DISABLED", StringComparison.OrdinalIgnoreCase))
        {
            return deployed;
        }
        if (ScheduledEventSource.Period(expression) is not { } period)
        {
            log($"not emulated locally: {expression} schedule of rule {resource.LogicalId} in {resource.StackName}");
            return deployed;
        }
        foreach (var target in resource.Properties["Targets"] as JsonArray ?? [])
        {
            var targetArn = (string?)target?["Arn"] ?? "";
            var function = functions.Find(targetArn);
            if (function is null || !targetArn.Contains(":function:", StringComparison.Ordinal))
            {
                log($"not emulated locally: target {(string?)target?["Id"]} ({targetArn}) of rule {resource.LogicalId} in {resource.StackName}");
                continue;
            }
            if (target!["InputPath"] is not null || target["InputTransformer"] is not null)
            {
                log($"not emulated locally: the input path or transformer of target {(string?)target["Id"]} of rule {resource.LogicalId}; it gets the Scheduled Event");
            }
            resource.Environment.Schedules.Add(new ScheduledInvocation(name, arn, expression, period, function.Definition.Name, (string?)target["Input"]));
        }
        return deployed;
    }
}
