using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Shop.Core;
using Shop.Infra.Constructs;
using Shop.Infra.Stacks;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class OrdersStackTests(ShopApp app)
{
    private readonly TemplateJson json = new(app.Orders);

    private (string LogicalId, JsonObject Resource) Migrate => json.FunctionWithHandler(ShopNames.Handlers.MigrateOrderDatabase);

    private (string LogicalId, JsonObject Resource) Relay => json.FunctionWithHandler(ShopNames.Handlers.RelayOrderOutbox);

    private (string LogicalId, JsonObject Resource) Notifier => json.FunctionWithHandler(ShopNames.Handlers.NotifyOrderEvents);

    private (string LogicalId, JsonObject Resource) Trigger => json.Resources("Custom::Trigger").Single();

    private string QueueId => LogicalId(app.Stacks.Orders.OrderEvents);

    private string DeadLettersId => LogicalId(app.Stacks.Orders.OrderEventsDeadLetters);

    private JsonNode QueueProperties => json.Resource(QueueId)["Properties"]!;

    private JsonNode Mapping => json.Resources("AWS::Lambda::EventSourceMapping").Single().Resource["Properties"]!;

    private JsonNode Schedule => json.Resources("AWS::Events::Rule").Single().Resource["Properties"]!;

    public static TheoryData<string> DatabaseHandlers => new(ShopNames.Handlers.MigrateOrderDatabase, ShopNames.Handlers.RelayOrderOutbox);

    public static TheoryData<string> Handlers => new(ShopNames.Handlers.MigrateOrderDatabase, ShopNames.Handlers.RelayOrderOutbox, ShopNames.Handlers.NotifyOrderEvents);

    [Theory]
    [MemberData(nameof(Handlers))]
    public void RunsInTheWorkersBinary_WhenOrderFunctionIsCreated(string handler)
    {
        var function = json.FunctionWithHandler(handler).Resource;

        Assert.Equal(FunctionProjects.Workers, (string?)function["Metadata"]![ShopNames.ProjectMetadataKey]);
        Assert.Equal("provided.al2023", (string?)function["Properties"]!["Runtime"]);
    }

    [Fact]
    public void EncryptsQueueAndParksRepeatFailuresInADeadLetterQueue_WhenOrderEventsQueueIsCreated()
    {
        var deadLetters = json.Resource(DeadLettersId)["Properties"]!;

        Assert.True((bool?)QueueProperties["SqsManagedSseEnabled"]);
        Assert.Equal(DeadLettersId, (string?)QueueProperties["RedrivePolicy"]!["deadLetterTargetArn"]!["Fn::GetAtt"]![0]);
        Assert.Equal(5, (int?)QueueProperties["RedrivePolicy"]!["maxReceiveCount"]);
        Assert.True((bool?)deadLetters["SqsManagedSseEnabled"]);
        Assert.Equal(14 * 24 * 3600, (int?)deadLetters["MessageRetentionPeriod"]);
        // A message keeps its first enqueue time in the dead-letter queue; it must be able to stay there longer.
        Assert.True((int?)QueueProperties["MessageRetentionPeriod"] < (int?)deadLetters["MessageRetentionPeriod"]);
    }

    [Fact]
    public void RefusesRequestsWithoutTls_WhenEitherQueueIsReached()
    {
        var denied = json.Resources("AWS::SQS::QueuePolicy")
            .Where(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
                .Any(s => (string?)s!["Effect"] == "Deny" && (string?)s["Condition"]?["Bool"]?["aws:SecureTransport"] == "false"))
            .SelectMany(p => p.Resource["Properties"]!["Queues"]!.AsArray().Select(q => (string?)q!["Ref"]))
            .Order(StringComparer.Ordinal);

        Assert.Equal(new[] { QueueId, DeadLettersId }.Order(StringComparer.Ordinal), denied);
    }

    [Fact]
    public void HidesAMessageSixNotifierTimeoutsAtLeast_WhenNotifierReceivesIt()
    {
        var notifierTimeout = (int)Notifier.Resource["Properties"]!["Timeout"]!;

        Assert.True((int?)QueueProperties["VisibilityTimeout"] >= 6 * notifierTimeout, QueueProperties["VisibilityTimeout"]!.ToJsonString());
    }

    [Fact]
    public void AlarmsOnTheFirstParkedEvent_WhenDeadLetterQueueHoldsAny()
    {
        var alarm = json.Resources("AWS::CloudWatch::Alarm").Single().Resource["Properties"]!;

        Assert.Equal("AWS/SQS", (string?)alarm["Namespace"]);
        Assert.Equal("ApproximateNumberOfMessagesVisible", (string?)alarm["MetricName"]);
        Assert.Equal(DeadLettersId, (string?)alarm["Dimensions"]!.AsArray().Single(d => (string?)d!["Name"] == "QueueName")!["Value"]!["Fn::GetAtt"]![0]);
        Assert.Equal("GreaterThanThreshold", (string?)alarm["ComparisonOperator"]);
        Assert.Equal(0, (double?)alarm["Threshold"]);
        Assert.Equal(1, (int?)alarm["EvaluationPeriods"]);
        Assert.Equal("notBreaching", (string?)alarm["TreatMissingData"]);
    }

    [Fact]
    public void RunsTheMigrationFunctionsCurrentVersionSynchronously_WhenTriggerFiresOnDeploy()
    {
        var properties = Trigger.Resource["Properties"]!;
        var version = json.Resource((string)properties["HandlerArn"]!["Ref"]!);

        Assert.Equal("AWS::Lambda::Version", (string?)version["Type"]);
        Assert.Equal(Migrate.LogicalId, (string?)version["Properties"]!["FunctionName"]!["Ref"]);
        Assert.Equal("RequestResponse", (string?)properties["InvocationType"]);
        Assert.True((bool?)properties["ExecuteOnHandlerChange"]);
        // The invoke waits longer than the function may run, so a slow migration fails as itself.
        Assert.True(int.Parse((string)properties["Timeout"]!, System.Globalization.CultureInfo.InvariantCulture) > 1000 * (int)Migrate.Resource["Properties"]!["Timeout"]!);
    }

    [Fact]
    public void RunsAfterTheFunctionCanReachTheProxy_WhenTriggerFiresOnDeploy()
    {
        var dependsOn = Trigger.Resource["DependsOn"]!.AsArray().Select(d => (string)d!).ToList();
        var proxyRule = json.Resources("AWS::EC2::SecurityGroupIngress")
            .Single(r => TemplateJson.SecurityGroupsOf(Migrate.Resource).Contains((string)r.Resource["Properties"]!["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!)).LogicalId;
        var migratePolicy = json.Resources("AWS::IAM::Policy")
            .Single(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => (string?)r!["Ref"] == (string)Migrate.Resource["Properties"]!["Role"]!["Fn::GetAtt"]![0]!)).LogicalId;

        Assert.Contains(Migrate.LogicalId, dependsOn);
        Assert.Contains(proxyRule, dependsOn);
        Assert.Contains(migratePolicy, dependsOn);
        // The cluster and the proxy are in Shop-Data, which deploys before this stack.
        Assert.Contains(app.Stacks.Data, app.Stacks.Orders.Dependencies);
    }

    [Fact]
    public void StartsTheRelayOnlyAfterTheMigrations_WhenStackIsDeployed() =>
        Assert.Contains(Trigger.LogicalId, json.Resources("AWS::Events::Rule").Single().Resource["DependsOn"]!.AsArray().Select(d => (string?)d));

    [Fact]
    public void RunsTheTriggerProviderOnASupportedNodeRuntime_WhenStackIsSynthesized()
    {
        var provider = json.Resource((string)Trigger.Resource["Properties"]!["ServiceToken"]!["Fn::GetAtt"]![0]!);

        // CDK 2.160 would pick nodejs20.x, which Lambda no longer creates functions with.
        Assert.Equal(OrdersStack.TriggerProviderRuntime, (string?)provider["Properties"]!["Runtime"]);
        Assert.False(app.Orders.ToJSON().ContainsKey("Mappings"));
    }

    [Fact]
    public void NamesANewVersion_WhenTheMigrationScriptsChange()
    {
        using var folder = new TemporaryFolder();
        var missing = OrdersStack.MigrationsFingerprint(Path.Combine(folder.Path, "missing"));
        File.WriteAllText(Path.Combine(folder.Path, "0001_orders.sql"), "create table orders (id uuid primary key);");
        var one = OrdersStack.MigrationsFingerprint(folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, "0002_outbox.sql"), "create table outbox (id bigint primary key);");
        var two = OrdersStack.MigrationsFingerprint(folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, "0002_outbox.sql"), "create table outbox (id bigserial primary key);");
        var edited = OrdersStack.MigrationsFingerprint(folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, "notes.md"), "not a migration");

        Assert.Equal(4, new[] { missing, one, two, edited }.Distinct().Count());
        Assert.Equal(edited, OrdersStack.MigrationsFingerprint(folder.Path));
    }

    [Fact]
    public void GivesTheMigrationFiveMinutes_WhenItRuns() =>
        Assert.Equal(300, (int?)Migrate.Resource["Properties"]!["Timeout"]);

    [Theory]
    [MemberData(nameof(DatabaseHandlers))]
    public void RunsInPrivateSubnetsAndReachesOnlyTheProxy_WhenDatabaseFunctionIsCreated(string handler)
    {
        var function = json.FunctionWithHandler(handler).Resource;
        var data = new TemplateJson(app.Data);
        var proxyGroupId = data.Resources("AWS::EC2::SecurityGroup")
            .Single(g => ((string?)g.Resource["Properties"]!["GroupDescription"])!.StartsWith("Shop database proxy", StringComparison.Ordinal)).LogicalId;

        var rule = json.Resources("AWS::EC2::SecurityGroupIngress")
            .Select(r => r.Resource["Properties"]!)
            .Single(r => TemplateJson.SecurityGroupsOf(function).Contains((string)r["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!));

        Assert.Equal(5432, (int?)rule["FromPort"]);
        Assert.Equal(5432, (int?)rule["ToPort"]);
        Assert.True(JsonNode.DeepEquals(data.ImportOfAttribute(proxyGroupId, "GroupId"), rule["GroupId"]), rule["GroupId"]!.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(DatabaseHandlers))]
    public void PointsAtTheProxyWithTheClusterSecret_WhenDatabaseFunctionIsCreated(string handler)
    {
        var variables = json.FunctionWithHandler(handler).Resource["Properties"]!["Environment"]!["Variables"]!;
        var data = new TemplateJson(app.Data);
        var proxyId = data.Resources("AWS::RDS::DBProxy").Single().LogicalId;
        var secretId = data.Resources("AWS::SecretsManager::SecretTargetAttachment").Single().LogicalId;

        Assert.True(JsonNode.DeepEquals(data.ImportOfAttribute(proxyId, "Endpoint"), variables[ShopNames.Settings.DatabaseHost]));
        Assert.True(JsonNode.DeepEquals(data.ImportOfRef(secretId), variables[ShopNames.Settings.DatabaseSecretArn]));
        Assert.NotNull(variables[ShopNames.Settings.DatabasePort]!["Fn::ImportValue"]);
        Assert.Equal("shop", (string?)variables[ShopNames.Settings.DatabaseName]);
    }

    [Fact]
    public void HoldsOnlyTheDatabaseSettings_WhenMigrationFunctionIsCreated() =>
        Assert.Equal(
            new[] { ShopNames.Settings.DatabaseHost, ShopNames.Settings.DatabaseName, ShopNames.Settings.DatabasePort, ShopNames.Settings.DatabaseSecretArn },
            Settings(Migrate.Resource));

    [Fact]
    public void KnowsTheQueueAndTheCheckoutToo_WhenRelayFunctionIsCreated()
    {
        var variables = Migrate.Resource["Properties"]!["Environment"]!["Variables"]!;
        var relay = Relay.Resource["Properties"]!["Environment"]!["Variables"]!;
        var workflow = new TemplateJson(app.Workflow);

        Assert.Equal(
            new[]
            {
                ShopNames.Settings.CheckoutStateMachineArn, ShopNames.Settings.DatabaseHost, ShopNames.Settings.DatabaseName,
                ShopNames.Settings.DatabasePort, ShopNames.Settings.DatabaseSecretArn, ShopNames.Settings.OrderEventsQueueUrl,
            },
            Settings(Relay.Resource));
        Assert.Equal(QueueId, (string?)relay[ShopNames.Settings.OrderEventsQueueUrl]!["Ref"]);
        Assert.True(JsonNode.DeepEquals(workflow.ImportOfRef(CheckoutId), relay[ShopNames.Settings.CheckoutStateMachineArn]));
        Assert.True(JsonNode.DeepEquals(variables[ShopNames.Settings.DatabaseHost], relay[ShopNames.Settings.DatabaseHost]));
    }

    [Fact]
    public void ReadsOnlyTheClusterSecret_WhenMigrationFunctionRuns() =>
        Assert.Equal(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "xray:PutTelemetryRecords", "xray:PutTraceSegments"], Actions(Migrate.Resource));

    [Fact]
    public void SendsToTheQueueAndStartsCheckoutsOnly_WhenRelayFunctionRuns()
    {
        var statements = json.StatementsOf(Relay.Resource);
        var send = statements.Single(s => TemplateJson.Actions(s).Contains("sqs:SendMessage"));
        var start = statements.Single(s => TemplateJson.Actions(s).Contains("states:StartExecution"));
        var workflow = new TemplateJson(app.Workflow);

        Assert.Equal(
            ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "sqs:SendMessage", "states:StartExecution", "xray:PutTelemetryRecords", "xray:PutTraceSegments"],
            Actions(Relay.Resource));
        Assert.Equal(QueueId, (string?)send["Resource"]!["Fn::GetAtt"]![0]);
        Assert.True(JsonNode.DeepEquals(workflow.ImportOfRef(CheckoutId), start["Resource"]), start["Resource"]!.ToJsonString());
    }

    [Fact]
    public void ConsumesTheQueueAndUsesTheTableOnly_WhenNotifierRuns()
    {
        var actions = Actions(Notifier.Resource);

        Assert.Equal(
            ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
            actions.Where(a => a.StartsWith("sqs:", StringComparison.Ordinal)));
        Assert.Contains("dynamodb:PutItem", actions);
        Assert.Contains("dynamodb:Query", actions);
        Assert.DoesNotContain(actions, a => a.StartsWith("secretsmanager:", StringComparison.Ordinal) || a.StartsWith("states:", StringComparison.Ordinal) || a.EndsWith(":*", StringComparison.Ordinal) || a == "*");
    }

    [Fact]
    public void StaysOutOfTheVpcWithOnlyTheTable_WhenNotifierIsCreated()
    {
        Assert.Null(Notifier.Resource["Properties"]!["VpcConfig"]);
        Assert.Equal([ShopNames.Settings.TableName], Settings(Notifier.Resource));
    }

    [Fact]
    public void RunsTheRelayEveryMinute_WhenScheduleFires()
    {
        var target = Schedule["Targets"]!.AsArray().Single()!;

        Assert.Equal("rate(1 minute)", (string?)Schedule["ScheduleExpression"]);
        Assert.Equal("ENABLED", (string?)Schedule["State"]);
        Assert.Equal($"[\"{Relay.LogicalId}\",\"Arn\"]", target["Arn"]!["Fn::GetAtt"]!.ToJsonString());
        // A tick carries nothing; the next one comes within a minute, so a missed one is not retried.
        Assert.Equal(0, (int?)target["RetryPolicy"]!["MaximumRetryAttempts"]);
        Assert.Contains(json.Resources("AWS::Lambda::Permission"), p =>
            (string?)p.Resource["Properties"]!["Principal"] == "events.amazonaws.com"
            && (string?)p.Resource["Properties"]!["FunctionName"]!["Fn::GetAtt"]![0] == Relay.LogicalId);
    }

    [Fact]
    public void RunsOneRelayAtATimeWithinTheMinute_WhenRelayFunctionIsCreated()
    {
        var properties = Relay.Resource["Properties"]!;
        var asyncConfig = json.Resources("AWS::Lambda::EventInvokeConfig").Single().Resource["Properties"]!;

        Assert.Equal(1, (int?)properties["ReservedConcurrentExecutions"]);
        Assert.True((int?)properties["Timeout"] < 60);
        Assert.Equal(Relay.LogicalId, (string?)asyncConfig["FunctionName"]!["Ref"]);
        Assert.Equal(0, (int?)asyncConfig["MaximumRetryAttempts"]);
    }

    [Fact]
    public void LeavesConcurrencyUnreserved_WhenOtherOrderFunctionsAreCreated()
    {
        Assert.Null(Migrate.Resource["Properties"]!["ReservedConcurrentExecutions"]);
        Assert.Null(Notifier.Resource["Properties"]!["ReservedConcurrentExecutions"]);
    }

    [Fact]
    public void FeedsTheNotifierBatchesOfTenWithPartialFailures_WhenOrderEventsArrive()
    {
        Assert.Equal(Notifier.LogicalId, (string?)Mapping["FunctionName"]!["Ref"]);
        Assert.Equal(QueueId, (string?)Mapping["EventSourceArn"]!["Fn::GetAtt"]![0]);
        Assert.Equal(10, (int?)Mapping["BatchSize"]);
        Assert.Equal(["ReportBatchItemFailures"], Mapping["FunctionResponseTypes"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public void OutputsTheMigrationFunctionAndTheDeadLetterQueue_WhenSynthesized()
    {
        foreach (var output in new[] { "MigrateFunctionName", "OrderEventsDeadLetterQueueUrl" })
        {
            app.Orders.HasOutput(output, new Dictionary<string, object> { ["Value"] = Match.AnyValue() });
        }
    }

    private string CheckoutId => app.Stacks.Workflow.GetLogicalId((CfnElement)app.Stacks.Workflow.Checkout.Node.DefaultChild!);

    private static string LogicalId(Amazon.CDK.AWS.SQS.Queue queue) => Stack.Of(queue).GetLogicalId((CfnElement)queue.Node.DefaultChild!);

    private static IReadOnlyList<string> Settings(JsonObject function) =>
        function["Properties"]!["Environment"]!["Variables"]!.AsObject().Select(v => v.Key).Order(StringComparer.Ordinal).ToList();

    private IReadOnlyList<string> Actions(JsonObject function) =>
        json.StatementsOf(function).SelectMany(TemplateJson.Actions).Distinct().Order(StringComparer.Ordinal).ToList();

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "shop-migrations-" + Guid.NewGuid().ToString("N")[..8]);

        public TemporaryFolder() => Directory.CreateDirectory(Path);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
