using System.Text.Json.Nodes;
using Shop.Local;
using Shop.Local.Deploy;
using Shop.Local.EventSources;
using Shop.Tests;

namespace Shop.Integration.Tests.LocalTool;

public sealed class ScheduledEventSourceTests
{
    private static readonly ScheduledInvocation Relay = new(
        "Shop-Orders-RelaySchedule", $"arn:aws:events:{LocalAws.Region}:{LocalAws.AccountId}:rule/Shop-Orders-RelaySchedule",
        "rate(1 minute)", TimeSpan.FromMinutes(1), "Shop-Orders-RelayFunction", Input: null);

    [Theory]
    [InlineData("rate(1 minute)", 60)]
    [InlineData("rate(5 minutes)", 300)]
    [InlineData("rate(1 hour)", 3600)]
    [InlineData("rate(2 hours)", 7200)]
    [InlineData("rate(1 day)", 86400)]
    [InlineData("rate(3 days)", 259200)]
    public void ReadsThePeriod_WhenRateExpressionIsValid(string expression, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ScheduledEventSource.Period(expression));

    [Theory]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(5 minute)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(1 week)")]
    [InlineData("every minute")]
    public void RefusesTheExpression_WhenEventBridgeWouldRefuseIt(string expression) =>
        Assert.Throws<InvalidOperationException>(() => ScheduledEventSource.Period(expression));

    [Fact]
    public void RunsNothing_WhenScheduleIsACronExpression() =>
        Assert.Null(ScheduledEventSource.Period("cron(0 12 * * ? *)"));

    [Fact]
    public void SendsTheScheduledEventShape_WhenTargetHasNoInput()
    {
        var sample = JsonNode.Parse(RepositoryPaths.Event("orders-relay-scheduled.json"))!.AsObject();
        var time = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

        var sent = JsonNode.Parse(ScheduledEventSource.Event(Relay, time))!.AsObject();

        Assert.Equal(sample.Select(p => p.Key).Order(StringComparer.Ordinal), sent.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Scheduled Event", (string?)sent["detail-type"]);
        Assert.Equal("aws.events", (string?)sent["source"]);
        Assert.Equal("2026-12-03T10:00:00Z", (string?)sent["time"]);
        Assert.Equal([Relay.RuleArn], sent["resources"]!.AsArray().Select(r => (string?)r));
        Assert.Empty(sent["detail"]!.AsObject());
        Assert.True(Guid.TryParse((string?)sent["id"], out _));
    }

    [Fact]
    public void SendsTheTargetsInput_WhenTargetHasOne()
    {
        var withInput = Relay with { Input = """{"batch":25}""" };

        var sent = JsonNode.Parse(ScheduledEventSource.Event(withInput, DateTimeOffset.UtcNow))!;

        Assert.Equal(25, (int?)sent["batch"]);
    }
}
