using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shop.Local.Deploy;
using Shop.Local.Functions;

namespace Shop.Local.EventSources;

/// <summary>
/// EventBridge's scheduled rule: every period the function is invoked with a "Scheduled Event" (or
/// the target's constant input). The first run comes one period after the environment starts, as a
/// new rule's does. One invocation at a time: a tick due while the last one still runs is skipped,
/// as Lambda drops a queued tick of a function that runs one at a time once it is a minute old.
/// </summary>
public sealed partial class ScheduledEventSource(ScheduledInvocation schedule, FunctionHost function, Action<string> log) : IEventSource
{
    public string Describe => $"schedule {schedule.RuleName} ({schedule.Expression}) -> {function.Definition.Name}";

    public async Task RunAsync(CancellationToken stopping)
    {
        var next = DateTimeOffset.UtcNow + schedule.Period;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var wait = next - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stopping);
                }
                var result = await function.InvokeAsync(Event(schedule, DateTimeOffset.UtcNow)).WaitAsync(stopping);
                if (!result.Succeeded)
                {
                    // Scheduled invocations are asynchronous: nobody waits for the outcome, so it is logged.
                    log($"{Describe}: invocation failed: {result.PayloadText}");
                }
                do
                {
                    next += schedule.Period;
                }
                while (next <= DateTimeOffset.UtcNow);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>What EventBridge sends a scheduled rule's Lambda target: the target's input, or the Scheduled Event.</summary>
    public static byte[] Event(ScheduledInvocation schedule, DateTimeOffset time)
    {
        if (schedule.Input is { } input)
        {
            return Encoding.UTF8.GetBytes(input);
        }
        var scheduled = new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "Scheduled Event",
            ["source"] = "aws.events",
            ["account"] = LocalAws.AccountId,
            ["time"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["region"] = LocalAws.Region,
            ["resources"] = new JsonArray(schedule.RuleArn),
            ["detail"] = new JsonObject(),
        };
        return JsonSerializer.SerializeToUtf8Bytes(scheduled);
    }

    /// <summary>
    /// The period of a <c>rate(value unit)</c> expression, or null for one the environment does not run
    /// (<c>cron(...)</c>). As EventBridge does, a value of 1 takes the singular unit and any other the plural.
    /// </summary>
    public static TimeSpan? Period(string expression)
    {
        if (expression.StartsWith("cron(", StringComparison.Ordinal))
        {
            return null;
        }
        var match = RateExpression().Match(expression);
        if (!match.Success || !int.TryParse(match.Groups["value"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new InvalidOperationException($"'{expression}' is not a schedule expression EventBridge accepts (rate(value unit) or cron(...)).");
        }
        var unit = match.Groups["unit"].Value;
        var plural = unit.EndsWith('s');
        if (plural != (value != 1))
        {
            throw new InvalidOperationException($"'{expression}': EventBridge takes the singular unit for 1 and the plural otherwise.");
        }
        return unit.TrimEnd('s') switch
        {
            "minute" => TimeSpan.FromMinutes(value),
            "hour" => TimeSpan.FromHours(value),
            _ => TimeSpan.FromDays(value),
        };
    }

    [GeneratedRegex(@"^rate\((?<value>\d+) (?<unit>minutes?|hours?|days?)\)$")]
    private static partial Regex RateExpression();
}
