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
                ShopNames.Settings.UserPoolId, ShopNames.Settings.UserPoolClientId,
                ShopNames.Settings.ImagesBucket, ShopNames.Settings.ImagesDomain,
                ShopNames.Settings.SearchEngine, ShopNames.Settings.SearchEndpoint,
                ShopNames.Settings.OrderEventsQueueUrl, ShopNames.Settings.CheckoutStateMachineArn,
                ShopNames.Settings.PaymentProvider, ShopNames.Settings.PaymentSandboxWebhookSecret,
                ShopNames.Settings.UploadsBucket,
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
    public void PointsAtUserPoolAndStorefrontClient_WhenApiSettingsAreSet()
    {
        var identity = new TemplateJson(app.Identity);
        var poolId = identity.Resources("AWS::Cognito::UserPool").Single().LogicalId;
        var clientId = identity.Resources("AWS::Cognito::UserPoolClient").Single().LogicalId;

        AssertSetting(ShopNames.Settings.UserPoolId, identity.ImportOfRef(poolId));
        AssertSetting(ShopNames.Settings.UserPoolClientId, identity.ImportOfRef(clientId));
    }

    [Fact]
    public void PointsAtImagesBucketAndCdnDomain_WhenApiSettingsAreSet()
    {
        var data = new TemplateJson(app.Data);
        var bucketId = data.Resources("AWS::S3::Bucket").Single().LogicalId;
        var distributionId = data.Resources("AWS::CloudFront::Distribution").Single().LogicalId;

        AssertSetting(ShopNames.Settings.ImagesBucket, data.ImportOfRef(bucketId));
        AssertSetting(ShopNames.Settings.ImagesDomain, data.ImportOfAttribute(distributionId, "DomainName"));
    }

    [Fact]
    public void SendsEveryRouteToApiFunctionWithPayload2_WhenRequestArrives()
    {
        var (integrationId, integration) = json.Resources("AWS::ApiGatewayV2::Integration").Single();
        var target = new JsonObject { ["Fn::Join"] = new JsonArray("", new JsonArray("integrations/", new JsonObject { ["Ref"] = integrationId })) };

        Assert.All(Routes, r => Assert.True(JsonNode.DeepEquals(target, r.Properties["Target"]), $"{r.Key}: {r.Properties["Target"]!.ToJsonString()}"));
        Assert.Equal("AWS_PROXY", (string?)integration["Properties"]!["IntegrationType"]);
        Assert.Equal("2.0", (string?)integration["Properties"]!["PayloadFormatVersion"]);
        Assert.Contains($"\"{Function.LogicalId}\"", integration["Properties"]!["IntegrationUri"]!.ToJsonString());
    }

    [Fact]
    public void LeavesDefaultRouteOpen_WhenRequestIsPublic()
    {
        var route = Routes.Single(r => r.Key == "$default").Properties;

        Assert.Equal("NONE", (string?)route["AuthorizationType"] ?? "NONE");
        Assert.Null(route["AuthorizerId"]);
    }

    [Fact]
    public void GuardsExactlyTheSignedInRouteFamilies_WhenRoutesRequireAToken()
    {
        var authorizerId = json.Resources("AWS::ApiGatewayV2::Authorizer").Single().LogicalId;

        var guarded = Routes.Where(r => (string?)r.Properties["AuthorizationType"] == "JWT").ToList();

        Assert.Equal(
            new[]
            {
                "ANY /admin/{proxy+}", "ANY /fulfillment/{proxy+}", "ANY /me", "ANY /me/{proxy+}",
                "ANY /orders", "ANY /orders/{proxy+}", "ANY /seller/{proxy+}",
            },
            guarded.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(guarded, r => Assert.Equal(authorizerId, (string?)r.Properties["AuthorizerId"]!["Ref"]));
    }

    [Fact]
    public void LeavesOnlyDefaultRouteOpen_WhenCorsAnswersPreflights()
    {
        var open = Routes.Where(r => (string?)r.Properties["AuthorizationType"] != "JWT").Select(r => r.Key);

        // API Gateway answers CORS preflights before routing, so no OPTIONS route is needed.
        Assert.Equal(["$default"], open);
    }

    [Fact]
    public void AcceptsOnlyStorefrontTokensOfTheUserPool_WhenAuthorizerValidatesJwt()
    {
        var identity = new TemplateJson(app.Identity);
        var poolId = identity.Resources("AWS::Cognito::UserPool").Single().LogicalId;
        var clientId = identity.Resources("AWS::Cognito::UserPoolClient").Single().LogicalId;
        var authorizer = json.Resources("AWS::ApiGatewayV2::Authorizer").Single().Resource["Properties"]!;
        var issuer = new JsonObject
        {
            ["Fn::Join"] = new JsonArray("", new JsonArray(
                "https://cognito-idp.", new JsonObject { ["Ref"] = "AWS::Region" }, ".amazonaws.com/", identity.ImportOfRef(poolId))),
        };

        Assert.Equal("JWT", (string?)authorizer["AuthorizerType"]);
        Assert.Equal(["$request.header.Authorization"], authorizer["IdentitySource"]!.AsArray().Select(s => (string?)s));
        Assert.True(JsonNode.DeepEquals(issuer, authorizer["JwtConfiguration"]!["Issuer"]), authorizer["JwtConfiguration"]!["Issuer"]!.ToJsonString());
        Assert.True(
            JsonNode.DeepEquals(new JsonArray(identity.ImportOfRef(clientId)), authorizer["JwtConfiguration"]!["Audience"]),
            authorizer["JwtConfiguration"]!["Audience"]!.ToJsonString());
    }

    [Fact]
    public void AllowsBrowserClientsToSendTheApiHeaders_WhenCorsIsConfigured()
    {
        var cors = json.Resources("AWS::ApiGatewayV2::Api").Single().Resource["Properties"]!["CorsConfiguration"]!;

        Assert.Equal(["*"], cors["AllowOrigins"]!.AsArray().Select(o => (string?)o));
        Assert.Subset(
            cors["AllowHeaders"]!.AsArray().Select(h => ((string)h!).ToLowerInvariant()).ToHashSet(),
            new HashSet<string> { "authorization", "content-type", "idempotency-key", "x-cart-secret", "x-correlation-id" });
        Assert.Subset(cors["AllowMethods"]!.AsArray().Select(m => (string)m!).ToHashSet(), new HashSet<string> { "GET", "POST", "PUT", "DELETE" });
        // Credentials with a wildcard origin are refused by browsers; tokens travel in a header instead.
        Assert.NotEqual(true, (bool?)cors["AllowCredentials"]);
    }

    [Fact]
    public void OutputsApiUrl_WhenSynthesized() =>
        api.HasOutput("ApiUrl", new Dictionary<string, object> { ["Value"] = Match.AnyValue() });

    [Fact]
    public void AllowsStartExecutionOnlyOnSampleAndCheckout_WhenApiStartsWorkflows()
    {
        var workflow = new TemplateJson(app.Workflow);
        var machines = new[] { app.Stacks.Workflow.SampleStateMachine, app.Stacks.Workflow.Checkout }
            .Select(m => new JsonObject { ["Fn::ImportValue"] = workflow.ExportOfRef(app.Stacks.Workflow.GetLogicalId((Amazon.CDK.CfnElement)m.Node.DefaultChild!)) })
            .Select(arn => arn.ToJsonString())
            .Order(StringComparer.Ordinal);

        var granting = json.StatementsOf(Function.Resource)
            .Where(s => TemplateJson.Actions(s).Any(a => a is "states:StartExecution" or "states:*" or "*"))
            .ToList();

        Assert.All(granting, s =>
        {
            Assert.Equal("Allow", (string?)s["Effect"]);
            Assert.Equal(["states:StartExecution"], TemplateJson.Actions(s));
        });
        Assert.Equal(machines, granting.Select(s => s["Resource"]!.ToJsonString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PointsAtCheckoutAndOrderEventsQueue_WhenApiSettingsAreSet()
    {
        var workflow = new TemplateJson(app.Workflow);
        var orders = new TemplateJson(app.Orders);
        var checkoutId = app.Stacks.Workflow.GetLogicalId((Amazon.CDK.CfnElement)app.Stacks.Workflow.Checkout.Node.DefaultChild!);
        var queueId = app.Stacks.Orders.GetLogicalId((Amazon.CDK.CfnElement)app.Stacks.Orders.OrderEvents.Node.DefaultChild!);

        AssertSetting(ShopNames.Settings.CheckoutStateMachineArn, workflow.ImportOfRef(checkoutId));
        AssertSetting(ShopNames.Settings.OrderEventsQueueUrl, orders.ImportOfRef(queueId));
    }

    [Fact]
    public void OnlySendsMessagesToTheOrderEventsQueue_WhenApiPublishesAfterCommit()
    {
        var orders = new TemplateJson(app.Orders);
        var queueId = app.Stacks.Orders.GetLogicalId((Amazon.CDK.CfnElement)app.Stacks.Orders.OrderEvents.Node.DefaultChild!);

        var sqs = json.StatementsOf(Function.Resource)
            .Where(s => TemplateJson.Actions(s).Any(a => a.StartsWith("sqs:", StringComparison.Ordinal)))
            .ToList();

        var statement = Assert.Single(sqs);
        Assert.Equal(["sqs:SendMessage"], TemplateJson.Actions(statement));
        Assert.True(JsonNode.DeepEquals(orders.ImportOfAttribute(queueId, "Arn"), statement["Resource"]), statement["Resource"]!.ToJsonString());
    }

    [Fact]
    public void PointsAtTheDatabaseProxy_WhenApiConnectsToPostgres()
    {
        var data = new TemplateJson(app.Data);
        var proxyId = data.Resources("AWS::RDS::DBProxy").Single().LogicalId;
        var clusterId = data.Resources("AWS::RDS::DBCluster").Single().LogicalId;

        AssertSetting(ShopNames.Settings.DatabaseHost, data.ImportOfAttribute(proxyId, "Endpoint"));
        // The cluster's port: the proxy listens on the same one, and locally both map to the local PostgreSQL.
        AssertSetting(ShopNames.Settings.DatabasePort, data.ImportOfAttribute(clusterId, "Endpoint.Port"));
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
    public void OpensPostgresPortOnTheProxyOnlyFromApiFunction_WhenDatabaseIsReached()
    {
        var data = new TemplateJson(app.Data);
        var proxyGroupId = data.Resources("AWS::EC2::SecurityGroup")
            .Single(g => ((string?)g.Resource["Properties"]!["GroupDescription"])!.StartsWith("Shop database proxy", StringComparison.Ordinal)).LogicalId;

        var rules = json.Resources("AWS::EC2::SecurityGroupIngress").Where(r => (int?)r.Resource["Properties"]!["FromPort"] == 5432).ToList();

        // One rule, to the proxy: the cluster admits nothing but the proxy.
        var rule = Assert.Single(rules).Resource["Properties"]!;
        Assert.Equal("tcp", (string?)rule["IpProtocol"]);
        Assert.Equal(5432, (int?)rule["ToPort"]);
        Assert.Contains(rule["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>(), TemplateJson.SecurityGroupsOf(Function.Resource));
        Assert.True(JsonNode.DeepEquals(data.ImportOfAttribute(proxyGroupId, "GroupId"), rule["GroupId"]), rule["GroupId"]!.ToJsonString());
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

    [Fact]
    public void AllowsOnlyTheAdminUserActionsOnTheUserPool_WhenApiManagesUsers()
    {
        var identity = new TemplateJson(app.Identity);
        var poolId = identity.Resources("AWS::Cognito::UserPool").Single().LogicalId;

        var cognito = json.StatementsOf(Function.Resource)
            .Where(s => TemplateJson.Actions(s).Any(a => a.StartsWith("cognito-idp:", StringComparison.Ordinal) || a == "*"))
            .ToList();

        var statement = Assert.Single(cognito);
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Equal(
            new[]
            {
                "cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminConfirmSignUp", "cognito-idp:AdminDisableUser",
                "cognito-idp:AdminEnableUser", "cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser",
                "cognito-idp:AdminRemoveUserFromGroup", "cognito-idp:AdminUserGlobalSignOut",
            },
            TemplateJson.Actions(statement).Order(StringComparer.Ordinal));
        Assert.True(JsonNode.DeepEquals(identity.ImportOfAttribute(poolId, "Arn"), statement["Resource"]), statement["Resource"]!.ToJsonString());
    }

    [Fact]
    public void AllowsOnlyPuttingImageObjects_WhenApiPresignsUploads()
    {
        var data = new TemplateJson(app.Data);
        var bucketId = data.Resources("AWS::S3::Bucket").Single().LogicalId;
        var objects = new JsonObject { ["Fn::Join"] = new JsonArray("", new JsonArray(data.ImportOfAttribute(bucketId, "Arn"), "/*")) };

        var s3 = json.StatementsOf(Function.Resource)
            .Where(s => TemplateJson.Actions(s).Any(a => a.StartsWith("s3:", StringComparison.Ordinal)))
            .Where(s => s["Resource"]!.ToJsonString().Contains(bucketId, StringComparison.Ordinal))
            .ToList();

        var statement = Assert.Single(s3);
        Assert.Equal(["s3:PutObject"], TemplateJson.Actions(statement));
        Assert.True(JsonNode.DeepEquals(objects, statement["Resource"]), statement["Resource"]!.ToJsonString());
    }

    [Fact]
    public void AllowsOnlyPuttingUploadsAndReadingReports_WhenApiPresignsBulkUploads()
    {
        var uploads = new TemplateJson(app.Uploads);
        var bucketId = uploads.Resources("AWS::S3::Bucket").Single().LogicalId;
        JsonObject Objects(string prefix) => new() { ["Fn::Join"] = new JsonArray("", new JsonArray(uploads.ImportOfAttribute(bucketId, "Arn"), "/" + prefix + "*")) };

        var s3 = json.StatementsOf(Function.Resource)
            .Where(s => s["Resource"]!.ToJsonString().Contains(bucketId, StringComparison.Ordinal))
            .ToDictionary(s => string.Join(",", TemplateJson.Actions(s)), s => s["Resource"]!);

        Assert.Equal(["s3:GetObject", "s3:PutObject"], s3.Keys.Order());
        Assert.True(JsonNode.DeepEquals(Objects(Shop.Core.Uploads.UploadKeys.UploadsPrefix), s3["s3:PutObject"]), s3["s3:PutObject"].ToJsonString());
        Assert.True(JsonNode.DeepEquals(Objects(Shop.Core.Uploads.UploadKeys.ReportsPrefix), s3["s3:GetObject"]), s3["s3:GetObject"].ToJsonString());
    }

    [Fact]
    public void PointsAtOpenSearchDomainOverHttps_WhenApiSettingsAreSet()
    {
        var search = new TemplateJson(app.Search);
        var domainId = search.Resources("AWS::OpenSearchService::Domain").Single().LogicalId;
        var endpoint = new JsonObject { ["Fn::Join"] = new JsonArray("", new JsonArray("https://", search.ImportOfAttribute(domainId, "DomainEndpoint"))) };

        Assert.Equal(ShopNames.SearchEngines.OpenSearch, (string?)Properties["Environment"]!["Variables"]![ShopNames.Settings.SearchEngine]);
        AssertSetting(ShopNames.Settings.SearchEndpoint, endpoint);
    }

    [Fact]
    public void OnlyReadsTheSearchDomain_WhenApiSearches()
    {
        var search = new TemplateJson(app.Search);
        var domainId = search.Resources("AWS::OpenSearchService::Domain").Single().LogicalId;

        var statements = json.StatementsOf(Function.Resource)
            .Where(s => TemplateJson.Actions(s).Any(a => a.StartsWith("es:", StringComparison.Ordinal) || a == "*"))
            .ToList();

        var statement = Assert.Single(statements);
        Assert.Equal(["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"], TemplateJson.Actions(statement).Order(StringComparer.Ordinal));
        Assert.Contains(search.ExportOfAttribute(domainId, "Arn"), statement["Resource"]!.ToJsonString());
    }

    [Fact]
    public void OpensHttpsToSearchDomainFromApiFunction_WhenSearchIsReached()
    {
        var search = new TemplateJson(app.Search);
        var domainGroupId = search.Resources("AWS::EC2::SecurityGroup")
            .Single(g => ((string?)g.Resource["Properties"]!["GroupDescription"])!.StartsWith("Shop search domain", StringComparison.Ordinal)).LogicalId;
        var functionGroups = Properties["VpcConfig"]!["SecurityGroupIds"]!.AsArray().Select(g => g!["Fn::GetAtt"]![0]!.GetValue<string>()).ToList();

        var rule = json.Resources("AWS::EC2::SecurityGroupIngress").Single(r => (int?)r.Resource["Properties"]!["FromPort"] == 443).Resource["Properties"]!;

        Assert.Equal("tcp", (string?)rule["IpProtocol"]);
        Assert.Equal(443, (int?)rule["ToPort"]);
        Assert.Contains(rule["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>(), functionGroups);
        Assert.True(JsonNode.DeepEquals(search.ImportOfAttribute(domainGroupId, "GroupId"), rule["GroupId"]), rule["GroupId"]!.ToJsonString());
    }

    [Fact]
    public void OutputsApiRole_WhenOperatorsMapItInOpenSearch() =>
        Assert.Equal(json.Function(FunctionProjects.Api).Resource["Properties"]!["Role"]!.ToJsonString(),
            JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(api.FindOutputs("ApiRoleArn")))!["ApiRoleArn"]!["Value"]!.ToJsonString());

    private IReadOnlyList<(string Key, JsonNode Properties)> Routes =>
        json.Resources("AWS::ApiGatewayV2::Route")
            .Select(r => ((string)r.Resource["Properties"]!["RouteKey"]!, (JsonNode)r.Resource["Properties"]!))
            .ToList();

    private void AssertSetting(string name, JsonNode expected)
    {
        var actual = Properties["Environment"]!["Variables"]![name];
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{name}: {actual?.ToJsonString()}");
    }
}
