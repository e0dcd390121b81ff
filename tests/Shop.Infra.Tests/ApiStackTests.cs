using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Shop.Core;
using Shop.Infra.Constructs;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class ApiStackTests(ShopApp app)
{
    private readonly Template api = app.Api;
    private readonly TemplateJson json = new(app.Api);

    private (string LogicalId, JsonObject Resource) Function => json.Function(FunctionProjects.Api);

    private JsonObject Properties => Function.Resource["Properties"]!.AsObject();

    [Fact]
    public void RunsNativeBinaryOnAl2023_WhenApiFunctionIsCreated()
    {
        Assert.Equal("provided.al2023", (string?)Properties["Runtime"]);
        Assert.Equal(["x86_64"], Properties["Architectures"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(ShopNames.Handlers.Api, (string?)Properties["Handler"]);
    }

    [Fact]
    public void PassesEveryApiSetting_WhenApiFunctionIsCreated()
    {
        var variables = Properties["Environment"]!["Variables"]!.AsObject();

        Assert.Equal(
            new[]
            {
                ShopNames.Settings.TableName, ShopNames.Settings.DatabaseHost, ShopNames.Settings.DatabasePort,
                ShopNames.Settings.DatabaseName, ShopNames.Settings.DatabaseSecretArn, ShopNames.Settings.SampleStateMachineArn,
            }.Order(),
            variables.Select(v => v.Key).Order());
        Assert.Equal("shop", (string?)variables[ShopNames.Settings.DatabaseName]);
    }

    [Fact]
    public void NamesItsProject_WhenApiFunctionIsCreated() =>
        api.HasResource("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Metadata"] = Match.ObjectLike(new Dictionary<string, object> { [ShopNames.ProjectMetadataKey] = "Shop.Api" }),
            ["Properties"] = Match.ObjectLike(new Dictionary<string, object> { ["Handler"] = ShopNames.Handlers.Api }),
        });

    [Fact]
    public void TracesAndLogsJsonForAMonth_WhenApiFunctionIsCreated()
    {
        var logGroup = Properties["LoggingConfig"]!["LogGroup"]!["Ref"]!.GetValue<string>();

        Assert.Equal("Active", (string?)Properties["TracingConfig"]!["Mode"]);
        Assert.Equal("JSON", (string?)Properties["LoggingConfig"]!["LogFormat"]);
        Assert.Equal(30, (int?)json.Resource(logGroup)["Properties"]!["RetentionInDays"]);
    }

    [Fact]
    public void LeavesConcurrencyUnreserved_WhenApiFunctionIsCreated() =>
        Assert.Null(Properties["ReservedConcurrentExecutions"]);

    [Fact]
    public void RoutesEveryRequestToApiFunctionWithPayload2_WhenRequestArrives()
    {
        var (integrationId, integration) = json.Resources("AWS::ApiGatewayV2::Integration").Single();
        var route = json.Resources("AWS::ApiGatewayV2::Route").Single().Resource["Properties"]!;

        Assert.Equal("$default", (string?)route["RouteKey"]);
        Assert.Contains($"\"Ref\":\"{integrationId}\"", route["Target"]!.ToJsonString());
        Assert.Equal("AWS_PROXY", (string?)integration["Properties"]!["IntegrationType"]);
        Assert.Equal("2.0", (string?)integration["Properties"]!["PayloadFormatVersion"]);
        Assert.Contains($"\"{Function.LogicalId}\"", integration["Properties"]!["IntegrationUri"]!.ToJsonString());
    }

    [Fact]
    public void OutputsApiUrl_WhenSynthesized() =>
        api.HasOutput("ApiUrl", new Dictionary<string, object> { ["Value"] = Match.AnyValue() });

    [Fact]
    public void AllowsStartExecutionOnlyOnSampleStateMachine_WhenApiStartsWorkflow()
    {
        var workflow = new TemplateJson(app.Workflow);
        var sampleId = workflow.Resources("AWS::StepFunctions::StateMachine").Single().LogicalId;
        var sampleArn = new JsonObject { ["Fn::ImportValue"] = workflow.ExportOfRef(sampleId) };

        var granting = json.StatementsOf(Function.Resource)
            .Where(s => TemplateJson.Actions(s).Any(a => a is "states:StartExecution" or "states:*" or "*"))
            .ToList();

        var statement = Assert.Single(granting);
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.True(JsonNode.DeepEquals(sampleArn, statement["Resource"]), statement.ToJsonString());
    }

    [Fact]
    public void AllowsDescribingSampleStateMachine_WhenApiStartsWorkflow()
    {
        var describing = json.StatementsOf(Function.Resource)
            .Single(s => TemplateJson.Actions(s).Contains("states:DescribeStateMachine"));

        Assert.Contains("Fn::ImportValue", describing["Resource"]!.ToJsonString());
    }

    [Fact]
    public void ReadsOnlyTheDatabaseSecret_WhenApiFunctionConnects()
    {
        var secretStatements = json.StatementsOf(Function.Resource)
            .Where(s => TemplateJson.Actions(s).Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal)))
            .ToList();

        var statement = Assert.Single(secretStatements);
        Assert.Contains("secretsmanager:GetSecretValue", TemplateJson.Actions(statement));
        Assert.Equal(Properties["Environment"]!["Variables"]![ShopNames.Settings.DatabaseSecretArn]!.ToJsonString(), statement["Resource"]!.ToJsonString());
    }

    [Fact]
    public void OpensPostgresPortFromApiFunction_WhenDatabaseIsReached()
    {
        var functionGroups = Properties["VpcConfig"]!["SecurityGroupIds"]!.AsArray().Select(g => g!["Fn::GetAtt"]![0]!.GetValue<string>()).ToList();
        var rule = json.Resources("AWS::EC2::SecurityGroupIngress").Single().Resource["Properties"]!;

        Assert.Equal("tcp", (string?)rule["IpProtocol"]);
        Assert.Equal(5432, (int?)rule["FromPort"]);
        Assert.Equal(5432, (int?)rule["ToPort"]);
        Assert.Contains(rule["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>(), functionGroups);
        Assert.NotNull(rule["GroupId"]!["Fn::ImportValue"]);
    }

    [Fact]
    public void RunsInPrivateSubnetsWithEgress_WhenApiFunctionIsCreated()
    {
        var data = new TemplateJson(app.Data);
        var subnetTypes = Properties["VpcConfig"]!["SubnetIds"]!.AsArray()
            .Select(s => data.ExportedRef(s!["Fn::ImportValue"]!.GetValue<string>())!)
            .Select(id => data.Resource(id)["Properties"]!["Tags"]!.AsArray()
                .Single(t => (string?)t!["Key"] == "aws-cdk:subnet-type")!["Value"]!.GetValue<string>())
            .ToList();

        Assert.Equal(["Private", "Private"], subnetTypes);
    }
}
