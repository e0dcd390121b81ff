using System.Diagnostics;
using System.Text.Json.Nodes;
using Shop.Core;
using Shop.Integration.Tests.Support;
using Shop.Local;
using Shop.Local.Deploy;
using Shop.Local.EventSources;

namespace Shop.Integration.Tests.Platform;

/// <summary>
/// The local deployer on RDS Proxy, Lambda versions, CDK's Trigger, EventBridge schedules and alarms:
/// templates of the tests' own, shaped as CDK writes them, deployed into the running environment.
/// </summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class LocalDeployerTests(LocalEnvironmentFixture fixture) : IAsyncLifetime
{
    private readonly string _records = Path.Combine(Path.GetTempPath(), "shop-deploy-" + Guid.NewGuid().ToString("N")[..8] + ".log");
    private readonly string _stack = "Test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<DeployedEnvironment> _deployed = [];

    [Fact]
    public async Task InvokesTheTriggersFunctionOnceWithAnEmptyEvent_WhenStackIsDeployed()
    {
        await DeployAsync(handler: "record");

        Assert.Equal(["{}"], await File.ReadAllLinesAsync(_records));
    }

    [Fact]
    public async Task NeverStartsCdksTriggerProvider_WhenStackIsDeployed()
    {
        var deployed = await DeployAsync(handler: "record");

        var provider = deployed.Stacks[_stack]["Provider"].Ref;

        Assert.Null(fixture.Environment.Functions.Find(provider));
        Assert.NotNull(fixture.Environment.Functions.Find(deployed.Stacks[_stack]["Handler"].Ref));
    }

    [Fact]
    public async Task FailsTheDeploymentWithTheFunctionsError_WhenTriggersFunctionFails()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DeployAsync(handler: "throw"));

        Assert.Contains("Trigger", error.Message, StringComparison.Ordinal);
        Assert.Contains("the handler failed on purpose", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailsTheDeployment_WhenTriggersFunctionOutlivesTheTriggersTimeout()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DeployAsync(handler: "echo", triggerTimeoutMs: 1));

        Assert.Contains("did not finish", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PointsFunctionsAtTheLocalPostgres_WhenTheyAreGivenTheProxysEndpoint()
    {
        var deployed = await DeployAsync(handler: "record");

        var function = fixture.Environment.Functions.Find(deployed.Stacks[_stack]["Handler"].Ref)!;

        Assert.Equal("127.0.0.1", function.Definition.Environment["DB_HOST"]);
        Assert.Equal("test-proxy", deployed.Stacks[_stack]["Proxy"].Ref);
    }

    [Fact]
    public async Task SchedulesOnlyEnabledRateRulesThatTargetAFunction_WhenRulesAreDeployed()
    {
        var deployed = await DeployAsync(handler: "record");

        var schedule = Assert.Single(deployed.Schedules);
        Assert.Equal(deployed.Stacks[_stack]["Handler"].Ref, schedule.FunctionName);
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.Period);
        Assert.EndsWith(":rule/" + deployed.Stacks[_stack]["Every5Minutes"].Ref, schedule.RuleArn, StringComparison.Ordinal);
        Assert.Equal("""{"source":"test"}""", schedule.Input);
    }

    [Fact]
    public async Task InvokesTheFunctionEachPeriodAndStopsAtOnce_WhenScheduleRuns()
    {
        var function = fixture.AddTestFunction("record", environment: new Dictionary<string, string> { ["RECORD_FILE"] = _records });
        var schedule = new ScheduledInvocation("test-rule", $"arn:aws:events:{LocalAws.Region}:{LocalAws.AccountId}:rule/test-rule",
            "rate(1 minute)", TimeSpan.FromMilliseconds(300), function.Definition.Name, Input: null);
        using var stop = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        var running = new ScheduledEventSource(schedule, function, _ => { }).RunAsync(stop.Token);

        var lines = await WaitForLinesAsync(3);
        var elapsed = started.Elapsed;
        await stop.CancelAsync();
        var stopped = Stopwatch.StartNew();
        await running.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(1), $"stopping took {stopped.Elapsed}");
        // Three ticks take at least three periods: the first comes one period after the start.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(900), $"three runs after {elapsed}");
        Assert.All(lines.Take(3), line =>
        {
            var sent = JsonNode.Parse(line)!;
            Assert.Equal("Scheduled Event", (string?)sent["detail-type"]);
            Assert.Equal(schedule.RuleArn, (string?)sent["resources"]![0]);
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var names = _deployed.SelectMany(d => d.OfType("AWS::Lambda::Function")).Select(f => f.Ref)
            .Concat(fixture.Environment.Functions.All.Where(f => f.Definition.Environment.GetValueOrDefault("RECORD_FILE") == _records).Select(f => f.Definition.Name))
            .Distinct();
        foreach (var name in names)
        {
            await fixture.Environment.Functions.RemoveAsync(name);
        }
        File.Delete(_records);
    }

    /// <summary>
    /// A stack as CDK synthesizes a Trigger beside a proxy, an alarm and three rules: the trigger's
    /// handler is a test function's current version, and its provider is CDK's Node.js function.
    /// </summary>
    private async Task<DeployedEnvironment> DeployAsync(string handler, int triggerTimeoutMs = 120000)
    {
        var template = JsonNode.Parse($$"""
            {
              "Resources": {
                "Proxy": { "Type": "AWS::RDS::DBProxy", "Properties": { "DBProxyName": "test-proxy", "EngineFamily": "POSTGRESQL", "RequireTLS": true } },
                "ProxyTargets": { "Type": "AWS::RDS::DBProxyTargetGroup", "Properties": { "DBProxyName": { "Ref": "Proxy" }, "TargetGroupName": "default" } },
                "HandlerRole": { "Type": "AWS::IAM::Role", "Properties": {} },
                "Handler": {
                  "Type": "AWS::Lambda::Function",
                  "Metadata": { "{{ShopNames.ProjectMetadataKey}}": "Shop.TestFunctions" },
                  "Properties": {
                    "Handler": "{{handler}}", "Runtime": "provided.al2023", "Timeout": 10, "MemorySize": 128,
                    "Role": { "Fn::GetAtt": ["HandlerRole", "Arn"] },
                    "Environment": { "Variables": { "RECORD_FILE": "{{_records}}", "DB_HOST": { "Fn::GetAtt": ["Proxy", "Endpoint"] } } }
                  }
                },
                "HandlerCurrentVersion": { "Type": "AWS::Lambda::Version", "Properties": { "FunctionName": { "Ref": "Handler" } } },
                "HandlerEventInvokeConfig": { "Type": "AWS::Lambda::EventInvokeConfig", "Properties": { "FunctionName": { "Ref": "Handler" }, "Qualifier": "$LATEST", "MaximumRetryAttempts": 0 } },
                "ProviderRole": { "Type": "AWS::IAM::Role", "Properties": {} },
                "Provider": {
                  "Type": "AWS::Lambda::Function",
                  "Properties": {
                    "Code": { "S3Bucket": "cdk-assets", "S3Key": "provider.zip" }, "Handler": "__entrypoint__.handler", "Runtime": "nodejs22.x",
                    "Timeout": 900, "Role": { "Fn::GetAtt": ["ProviderRole", "Arn"] }
                  }
                },
                "Trigger": {
                  "Type": "Custom::Trigger",
                  "Properties": {
                    "ServiceToken": { "Fn::GetAtt": ["Provider", "Arn"] }, "HandlerArn": { "Ref": "HandlerCurrentVersion" },
                    "InvocationType": "RequestResponse", "Timeout": "{{triggerTimeoutMs}}", "ExecuteOnHandlerChange": true
                  },
                  "DependsOn": ["HandlerCurrentVersion", "Handler", "ProxyTargets"]
                },
                "Alarm": {
                  "Type": "AWS::CloudWatch::Alarm",
                  "Properties": { "MetricName": "ApproximateNumberOfMessagesVisible", "Namespace": "AWS/SQS", "Threshold": 0, "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold" }
                },
                "Every5Minutes": {
                  "Type": "AWS::Events::Rule",
                  "Properties": { "ScheduleExpression": "rate(5 minutes)", "State": "ENABLED", "Targets": [ { "Arn": { "Fn::GetAtt": ["Handler", "Arn"] }, "Id": "Target0", "Input": "{\"source\":\"test\"}" } ] },
                  "DependsOn": ["Trigger"]
                },
                "Disabled": {
                  "Type": "AWS::Events::Rule",
                  "Properties": { "ScheduleExpression": "rate(1 minute)", "State": "DISABLED", "Targets": [ { "Arn": { "Fn::GetAtt": ["Handler", "Arn"] }, "Id": "Target0" } ] }
                },
                "Noon": {
                  "Type": "AWS::Events::Rule",
                  "Properties": { "ScheduleExpression": "cron(0 12 * * ? *)", "State": "ENABLED", "Targets": [ { "Arn": { "Fn::GetAtt": ["Handler", "Arn"] }, "Id": "Target0" } ] }
                }
              }
            }
            """)!.AsObject();
        // A failed deployment leaves its functions running too; DisposeAsync finds those by their RECORD_FILE.
        var deployed = await fixture.Environment.DeployAsync([new StackTemplate(_stack, template)]);
        _deployed.Add(deployed);
        return deployed;
    }

    private async Task<List<string>> WaitForLinesAsync(int count)
    {
        var lines = new List<string>();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            lines = File.Exists(_records) ? [.. await File.ReadAllLinesAsync(_records)] : [];
            if (lines.Count >= count)
            {
                return lines;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The function recorded {lines.Count} of {count} events within 30 s.");
    }
}
