using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Shop.Core;
using Shop.Infra.Stacks;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class SearchStackTests(ShopApp app)
{
    private static readonly string[] TableWrites =
    [
        "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:TransactWriteItems", "dynamodb:*",
    ];

    private readonly Template search = app.Search;
    private readonly TemplateJson json = new(app.Search);

    private (string LogicalId, JsonObject Resource) Domain => json.Resources("AWS::OpenSearchService::Domain").Single();

    private JsonNode DomainProperties => Domain.Resource["Properties"]!;

    private (string LogicalId, JsonObject Resource) FunctionWithHandler(string handler) =>
        json.Resources("AWS::Lambda::Function").Single(f => (string?)f.Resource["Properties"]!["Handler"] == handler);

    private (string LogicalId, JsonObject Resource) Indexer => FunctionWithHandler(ShopNames.Handlers.IndexProducts);

    private (string LogicalId, JsonObject Resource) Reindex => FunctionWithHandler(ShopNames.Handlers.ReindexProducts);

    private JsonNode Mapping => json.Resources("AWS::Lambda::EventSourceMapping").Single().Resource["Properties"]!;

    private (string LogicalId, JsonObject Resource) DomainSecurityGroup =>
        json.Resources("AWS::EC2::SecurityGroup").Single(g => JsonNode.DeepEquals(
            DomainProperties["VPCOptions"]!["SecurityGroupIds"]![0], new JsonObject { ["Fn::GetAtt"] = new JsonArray(g.LogicalId, "GroupId") }));

    [Fact]
    public void RunsOpenSearch2_WhenDomainIsCreated()
    {
        Assert.StartsWith("OpenSearch_2.", (string?)DomainProperties["EngineVersion"]);
        // Without it a version change would replace the domain.
        Assert.True((bool?)Domain.Resource["UpdatePolicy"]!["EnableVersionUpgrade"]);
    }

    [Fact]
    public void SpreadsTwoDataNodesOverTwoZones_WhenDomainIsCreated()
    {
        var cluster = DomainProperties["ClusterConfig"]!;

        Assert.True((bool?)cluster["ZoneAwarenessEnabled"]);
        Assert.Equal(2, (int?)cluster["ZoneAwarenessConfig"]!["AvailabilityZoneCount"]);
        Assert.Equal(2, (int?)cluster["InstanceCount"]);
        Assert.Equal(SearchStack.DataNodeInstanceType, (string?)cluster["InstanceType"]);
        Assert.NotEqual(true, (bool?)cluster["DedicatedMasterEnabled"]);
    }

    [Fact]
    public void StoresOnEncryptedGp3Volumes_WhenDomainIsCreated()
    {
        Assert.Equal("gp3", (string?)DomainProperties["EBSOptions"]!["VolumeType"]);
        Assert.True((bool?)DomainProperties["EBSOptions"]!["EBSEnabled"]);
        Assert.True((bool?)DomainProperties["EncryptionAtRestOptions"]!["Enabled"]);
        Assert.True((bool?)DomainProperties["NodeToNodeEncryptionOptions"]!["Enabled"]);
    }

    [Fact]
    public void RefusesPlainHttpAndOldTls_WhenDomainIsReached()
    {
        var endpoint = DomainProperties["DomainEndpointOptions"]!;

        Assert.True((bool?)endpoint["EnforceHTTPS"]);
        Assert.StartsWith("Policy-Min-TLS-1-2", (string?)endpoint["TLSSecurityPolicy"]);
    }

    [Fact]
    public void PlacesDomainInIsolatedSubnetsOfBothZones_WhenDomainIsCreated()
    {
        var data = new TemplateJson(app.Data);

        var subnetTypes = DomainProperties["VPCOptions"]!["SubnetIds"]!.AsArray()
            .Select(s => data.ExportedRef(s!["Fn::ImportValue"]!.GetValue<string>())!)
            .Select(id => data.Resource(id)["Properties"]!["Tags"]!.AsArray()
                .Single(t => (string?)t!["Key"] == "aws-cdk:subnet-type")!["Value"]!.GetValue<string>())
            .ToList();

        // VPC options make the endpoint private: there is no public endpoint to reach.
        Assert.Equal(["Isolated", "Isolated"], subnetTypes);
    }

    [Fact]
    public void EnablesFineGrainedAccessControlWithTheAdminRoleAsMaster_WhenDomainIsCreated()
    {
        var security = DomainProperties["AdvancedSecurityOptions"]!;
        var adminRoleId = json.Resources("AWS::IAM::Role")
            .Single(r => r.Resource["Properties"]!["AssumeRolePolicyDocument"]!.ToJsonString().Contains(":root", StringComparison.Ordinal)).LogicalId;

        Assert.True((bool?)security["Enabled"]);
        Assert.NotEqual(true, (bool?)security["InternalUserDatabaseEnabled"]);
        Assert.NotEqual(true, (bool?)security["AnonymousAuthEnabled"]);
        Assert.Equal($"[\"{adminRoleId}\",\"Arn\"]", security["MasterUserOptions"]!["MasterUserARN"]!["Fn::GetAtt"]!.ToJsonString());
        Assert.Null(security["MasterUserOptions"]!["MasterUserPassword"]);
    }

    [Fact]
    public void AdmitsOnlyThisAccountsSignedRequests_WhenAccessPolicyIsEvaluated()
    {
        var statement = DomainProperties["AccessPolicies"]!["Statement"]!.AsArray().Single()!;
        var principal = statement["Principal"]!["AWS"]!.ToJsonString();

        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Contains("\"AWS::AccountId\"", principal);
        Assert.EndsWith(":root\"]]}", principal);
        Assert.Contains($":domain/{(string?)DomainProperties["DomainName"]}/*", statement["Resource"]!.ToJsonString());
    }

    [Fact]
    public void AdmitsHttpsFromSearchFunctionsOnly_WhenDomainSecurityGroupIsSet()
    {
        var group = DomainSecurityGroup;
        var functionGroups = new[] { Indexer, Reindex }
            .Select(f => f.Resource["Properties"]!["VpcConfig"]!["SecurityGroupIds"]![0]!["Fn::GetAtt"]![0]!.GetValue<string>())
            .Order();

        var rules = json.Resources("AWS::EC2::SecurityGroupIngress")
            .Select(r => r.Resource["Properties"]!)
            .Where(r => (string?)r["GroupId"]!["Fn::GetAtt"]?[0] == group.LogicalId)
            .ToList();

        Assert.Null(group.Resource["Properties"]!["SecurityGroupIngress"]);
        Assert.All(rules, r =>
        {
            Assert.Equal("tcp", (string?)r["IpProtocol"]);
            Assert.Equal(443, (int?)r["FromPort"]);
            Assert.Equal(443, (int?)r["ToPort"]);
            Assert.Null(r["CidrIp"]);
        });
        Assert.Equal(functionGroups, rules.Select(r => r["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>()).Order());
    }

    [Fact]
    public void PublishesAppAndSlowLogsToCloudWatch_WhenDomainIsCreated()
    {
        var logs = DomainProperties["LogPublishingOptions"]!.AsObject();
        var policy = json.Resources("AWS::Logs::ResourcePolicy").Single();

        Assert.Equal(["ES_APPLICATION_LOGS", "INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS"], logs.Select(l => l.Key).Order(StringComparer.Ordinal));
        Assert.All(logs, l => Assert.True((bool?)l.Value!["Enabled"]));
        Assert.Contains("es.amazonaws.com", policy.Resource["Properties"]!["PolicyDocument"]!.ToJsonString());
        // OpenSearch checks the log groups' policy when the domain is created.
        Assert.Contains(policy.LogicalId, Domain.Resource["DependsOn"]!.AsArray().Select(d => (string?)d));
    }

    [Fact]
    public void RetainsDomain_WhenStackIsDeleted()
    {
        Assert.Equal("Retain", (string?)Domain.Resource["DeletionPolicy"]);
        Assert.Equal("Retain", (string?)Domain.Resource["UpdateReplacePolicy"]);
    }

    [Fact]
    public void NamesDomainAfterStack_WhenNameIsValid()
    {
        Assert.Equal("shop-search", (string?)DomainProperties["DomainName"]);
        Assert.Throws<ArgumentException>(() => SearchStack.DomainNameOf("Shop-Search-With-A-Name-Far-Too-Long"));
        Assert.Throws<ArgumentException>(() => SearchStack.DomainNameOf("1-Search"));
    }

    [Fact]
    public void RunsWorkersIndexHandlerInTheVpc_WhenIndexerIsCreated()
    {
        var properties = Indexer.Resource["Properties"]!;

        Assert.Equal("Shop.Workers", (string?)Indexer.Resource["Metadata"]![ShopNames.ProjectMetadataKey]);
        Assert.NotNull(properties["VpcConfig"]);
        Assert.Equal("provided.al2023", (string?)properties["Runtime"]);
    }

    [Theory]
    [InlineData(ShopNames.Handlers.IndexProducts)]
    [InlineData(ShopNames.Handlers.ReindexProducts)]
    public void PointsAtTableAndOpenSearchDomain_WhenSearchFunctionIsCreated(string handler)
    {
        var variables = FunctionWithHandler(handler).Resource["Properties"]!["Environment"]!["Variables"]!.AsObject();
        var endpoint = new JsonObject { ["Fn::Join"] = new JsonArray("", new JsonArray("https://", new JsonObject { ["Fn::GetAtt"] = new JsonArray(Domain.LogicalId, "DomainEndpoint") })) };

        Assert.Equal(
            new[] { ShopNames.Settings.SearchEndpoint, ShopNames.Settings.SearchEngine, ShopNames.Settings.TableName },
            variables.Select(v => v.Key).Order(StringComparer.Ordinal));
        Assert.Equal(ShopNames.SearchEngines.OpenSearch, (string?)variables[ShopNames.Settings.SearchEngine]);
        Assert.True(JsonNode.DeepEquals(endpoint, variables[ShopNames.Settings.SearchEndpoint]), variables[ShopNames.Settings.SearchEndpoint]!.ToJsonString());
        Assert.NotNull(variables[ShopNames.Settings.TableName]!["Fn::ImportValue"]);
    }

    [Theory]
    [InlineData(ShopNames.Handlers.IndexProducts)]
    [InlineData(ShopNames.Handlers.ReindexProducts)]
    public void ReadsButNeverWritesTheTable_WhenSearchFunctionRuns(string handler)
    {
        var actions = json.StatementsOf(FunctionWithHandler(handler).Resource).SelectMany(TemplateJson.Actions).ToList();

        Assert.Contains("dynamodb:GetItem", actions);
        Assert.Contains("dynamodb:Query", actions);
        Assert.DoesNotContain(actions, a => TableWrites.Contains(a) || a == "*");
    }

    [Theory]
    [InlineData(ShopNames.Handlers.IndexProducts)]
    [InlineData(ShopNames.Handlers.ReindexProducts)]
    public void UsesOnlyTheIndexingHttpActionsOnThisDomain_WhenSearchFunctionWritesTheIndex(string handler)
    {
        var statements = json.StatementsOf(FunctionWithHandler(handler).Resource)
            .Where(s => TemplateJson.Actions(s).Any(a => a.StartsWith("es:", StringComparison.Ordinal)))
            .ToList();

        var statement = Assert.Single(statements);
        Assert.Equal(
            ["es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
            TemplateJson.Actions(statement).Order(StringComparer.Ordinal));
        Assert.All(TemplateJson.AsList(statement["Resource"]), r => Assert.Contains($"\"{Domain.LogicalId}\"", r!.ToJsonString()));
    }

    [Fact]
    public void ReadsProductPartitionsFromTheTableStream_WhenIndexerIsMapped()
    {
        var pattern = JsonNode.Parse((string)Mapping["FilterCriteria"]!["Filters"]!.AsArray().Single()!["Pattern"]!)!;
        var expected = JsonNode.Parse("""{"dynamodb":{"Keys":{"PK":{"S":[{"prefix":"PRODUCT#"}]}}}}""");

        Assert.Equal(Indexer.LogicalId, (string?)Mapping["FunctionName"]!["Ref"]);
        Assert.Contains("StreamArn", (string?)Mapping["EventSourceArn"]!["Fn::ImportValue"]);
        Assert.True(JsonNode.DeepEquals(expected, pattern), pattern.ToJsonString());
    }

    [Fact]
    public void BatchesAndRetriesWithBisectAndPartialFailures_WhenIndexerIsMapped()
    {
        Assert.Equal("TRIM_HORIZON", (string?)Mapping["StartingPosition"]);
        Assert.Equal(100, (int?)Mapping["BatchSize"]);
        Assert.InRange((int?)Mapping["MaximumBatchingWindowInSeconds"] ?? 0, 1, 10);
        Assert.True((bool?)Mapping["BisectBatchOnFunctionError"]);
        Assert.Equal(5, (int?)Mapping["MaximumRetryAttempts"]);
        // Within the stream's 24-hour retention, so a record expires into the DLQ before the stream drops it.
        Assert.InRange((int?)Mapping["MaximumRecordAgeInSeconds"] ?? 0, 60, 24 * 3600);
        Assert.Equal(["ReportBatchItemFailures"], Mapping["FunctionResponseTypes"]!.AsArray().Select(t => (string?)t));
    }

    [Fact]
    public void SendsGivenUpBatchesToEncryptedQueue_WhenIndexerFailsForGood()
    {
        var destination = Mapping["DestinationConfig"]!["OnFailure"]!["Destination"]!["Fn::GetAtt"]!;
        var queue = json.Resource(destination[0]!.GetValue<string>());

        Assert.Equal("Arn", (string?)destination[1]);
        Assert.Equal("AWS::SQS::Queue", (string?)queue["Type"]);
        Assert.True((bool?)queue["Properties"]!["SqsManagedSseEnabled"]);
        Assert.Equal(14 * 24 * 3600, (int?)queue["Properties"]!["MessageRetentionPeriod"]);
        Assert.Contains(json.StatementsOf(Indexer.Resource), s => TemplateJson.Actions(s).Contains("sqs:SendMessage")
            && s["Resource"]!.ToJsonString().Contains(destination[0]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public void GivesReindexLambdasLongestTimeout_WhenWholeTableIsRead() =>
        Assert.Equal(900, (int?)Reindex.Resource["Properties"]!["Timeout"]);

    [Fact]
    public void OutputsEndpointAndTheRolesToMap_WhenSynthesized()
    {
        foreach (var output in new[] { "SearchEndpoint", "SearchAdminRoleArn", "IndexerRoleArn", "ReindexRoleArn", "ReindexFunctionName" })
        {
            search.HasOutput(output, new Dictionary<string, object> { ["Value"] = Match.AnyValue() });
        }
    }
}
