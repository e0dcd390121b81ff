using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Shop.Core;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class DataStackTests(ShopApp app)
{
    // AWS's managed CachingOptimized cache policy, the same id in every account.
    private const string CachingOptimizedPolicyId = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    private readonly Template data = app.Data;
    private readonly TemplateJson json = new(app.Data);

    private JsonObject Table => json.Resources("AWS::DynamoDB::Table").Single().Resource["Properties"]!.AsObject();

    private (string LogicalId, JsonObject Resource) ImagesBucket => json.Resources("AWS::S3::Bucket").Single();

    private JsonNode DistributionConfig => json.Resources("AWS::CloudFront::Distribution").Single().Resource["Properties"]!["DistributionConfig"]!;

    [Fact]
    public void KeysItemsByStringPkAndSk_WhenTableIsCreated() =>
        data.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["KeySchema"] = new object[]
            {
                new Dictionary<string, object> { ["AttributeName"] = "PK", ["KeyType"] = "HASH" },
                new Dictionary<string, object> { ["AttributeName"] = "SK", ["KeyType"] = "RANGE" },
            },
            ["AttributeDefinitions"] = Match.ArrayWith(new object[]
            {
                new Dictionary<string, object> { ["AttributeName"] = "PK", ["AttributeType"] = "S" },
                new Dictionary<string, object> { ["AttributeName"] = "SK", ["AttributeType"] = "S" },
            }),
        });

    [Fact]
    public void BillsPerRequest_WhenTableIsCreated() =>
        data.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["BillingMode"] = "PAY_PER_REQUEST",
            ["ProvisionedThroughput"] = Match.Absent(),
        });

    [Fact]
    public void StreamsNewAndOldImages_WhenItemsChange() =>
        data.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["StreamSpecification"] = new Dictionary<string, object> { ["StreamViewType"] = "NEW_AND_OLD_IMAGES" },
        });

    [Fact]
    public void ExpiresItemsByExpiresAt_WhenTtlAttributeIsSet() =>
        data.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["TimeToLiveSpecification"] = new Dictionary<string, object> { ["AttributeName"] = "expiresAt", ["Enabled"] = true },
        });

    [Fact]
    public void RecoversToAPointInTime_WhenTableIsCreated() =>
        data.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
        });

    [Fact]
    public void RetainsTable_WhenStackIsDeleted() =>
        data.HasResource("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["DeletionPolicy"] = "Retain",
            ["UpdateReplacePolicy"] = "Retain",
        });

    [Fact]
    public void SpansTwoZonesThroughOneNatGateway_WhenVpcIsCreated()
    {
        data.ResourceCountIs("AWS::EC2::VPC", 1);
        data.ResourceCountIs("AWS::EC2::NatGateway", 1);
        // Public, private-with-egress and isolated, in each of two zones.
        data.ResourceCountIs("AWS::EC2::Subnet", 6);
    }

    [Fact]
    public void RunsAuroraPostgres15Serverless_WhenDatabaseIsCreated()
    {
        data.HasResourceProperties("AWS::RDS::DBCluster", new Dictionary<string, object>
        {
            ["Engine"] = "aurora-postgresql",
            ["EngineVersion"] = Match.StringLikeRegexp(@"^15\.\d+$"),
            ["DatabaseName"] = "shop",
            ["StorageEncrypted"] = true,
            ["ServerlessV2ScalingConfiguration"] = new Dictionary<string, object> { ["MinCapacity"] = 0.5, ["MaxCapacity"] = 4 },
        });
        data.HasResourceProperties("AWS::RDS::DBInstance", new Dictionary<string, object> { ["DBInstanceClass"] = "db.serverless" });
    }

    [Fact]
    public void KeepsPasswordInGeneratedSecret_WhenDatabaseIsCreated()
    {
        var json = new TemplateJson(data);
        var (secretId, _) = json.Resources("AWS::SecretsManager::Secret").Single();
        var cluster = json.Resources("AWS::RDS::DBCluster").Single().Resource;

        Assert.NotNull(json.Resource(secretId)["Properties"]!["GenerateSecretString"]);
        Assert.Contains($"\"Ref\":\"{secretId}\"", cluster["Properties"]!["MasterUserPassword"]!.ToJsonString());
    }

    [Fact]
    public void PlacesDatabaseInIsolatedSubnets_WhenDatabaseIsCreated()
    {
        var json = new TemplateJson(data);
        var isolated = json.Resources("AWS::EC2::Subnet")
            .Where(s => s.Resource["Properties"]!["Tags"]!.AsArray()
                .Any(t => (string?)t!["Key"] == "aws-cdk:subnet-type" && (string?)t["Value"] == "Isolated"))
            .Select(s => s.LogicalId)
            .Order();
        var subnetGroup = json.Resources("AWS::RDS::DBSubnetGroup").Single().Resource;

        var used = subnetGroup["Properties"]!["SubnetIds"]!.AsArray().Select(s => s!["Ref"]!.GetValue<string>()).Order();

        Assert.Equal(isolated, used);
    }

    [Fact]
    public void DefinesExactlyTheSharedIndexes_WhenTableIsCreated()
    {
        var indexes = Table["GlobalSecondaryIndexes"]!.AsArray().Select(i => (string)i!["IndexName"]!);

        Assert.Equal(ShopNames.Table.GlobalIndexes, indexes);
        Assert.Equal(["GSI1", "GSI2", "GSI3"], indexes);
    }

    [Theory]
    [InlineData("GSI1")]
    [InlineData("GSI2")]
    [InlineData("GSI3")]
    public void KeysIndexByItsStringPkAndSkAndProjectsAll_WhenIndexIsCreated(string indexName)
    {
        var index = Table["GlobalSecondaryIndexes"]!.AsArray().Single(i => (string?)i!["IndexName"] == indexName)!;
        var types = Table["AttributeDefinitions"]!.AsArray().ToDictionary(a => (string)a!["AttributeName"]!, a => (string?)a!["AttributeType"]);

        var keys = index["KeySchema"]!.AsArray().Select(k => ((string)k!["AttributeName"]!, (string)k["KeyType"]!)).ToList();

        Assert.Equal([($"{indexName}PK", "HASH"), ($"{indexName}SK", "RANGE")], keys);
        Assert.All(keys, k => Assert.Equal("S", types[k.Item1]));
        Assert.Equal("ALL", (string?)index["Projection"]!["ProjectionType"]);
        Assert.Null(index["ProvisionedThroughput"]);
    }

    [Fact]
    public void BlocksEveryKindOfPublicAccess_WhenImagesBucketIsCreated() =>
        data.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["PublicAccessBlockConfiguration"] = new Dictionary<string, object>
            {
                ["BlockPublicAcls"] = true,
                ["BlockPublicPolicy"] = true,
                ["IgnorePublicAcls"] = true,
                ["RestrictPublicBuckets"] = true,
            },
            ["OwnershipControls"] = new Dictionary<string, object>
            {
                ["Rules"] = new object[] { new Dictionary<string, object> { ["ObjectOwnership"] = "BucketOwnerEnforced" } },
            },
        });

    [Fact]
    public void EncryptsObjects_WhenImagesBucketIsCreated() =>
        data.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["BucketEncryption"] = new Dictionary<string, object>
            {
                ["ServerSideEncryptionConfiguration"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["ServerSideEncryptionByDefault"] = new Dictionary<string, object> { ["SSEAlgorithm"] = "AES256" },
                    },
                },
            },
        });

    [Fact]
    public void RefusesRequestsWithoutTls_WhenImagesBucketIsReached()
    {
        var denial = BucketPolicyStatements().Single(s => (string?)s["Effect"] == "Deny" && s["Condition"]?["Bool"] is not null);

        Assert.Equal("s3:*", (string?)denial["Action"]);
        Assert.Equal("false", (string?)denial["Condition"]!["Bool"]!["aws:SecureTransport"]);
        Assert.Equal("*", (string?)denial["Principal"]!["AWS"]);
    }

    [Fact]
    public void AllowsPresignedPutsFromAnyOrigin_WhenBrowserUploadsImage() =>
        data.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["CorsConfiguration"] = new Dictionary<string, object>
            {
                ["CorsRules"] = new object[]
                {
                    Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["AllowedMethods"] = new[] { "PUT" },
                        ["AllowedOrigins"] = new[] { "*" },
                        ["AllowedHeaders"] = new[] { "content-type" },
                    }),
                },
            },
        });

    [Fact]
    public void RetainsImages_WhenStackIsDeleted()
    {
        Assert.Equal("Retain", (string?)ImagesBucket.Resource["DeletionPolicy"]);
        Assert.Equal("Retain", (string?)ImagesBucket.Resource["UpdateReplacePolicy"]);
    }

    [Fact]
    public void ReadsBucketThroughOriginAccessControl_WhenCdnFetchesImage()
    {
        var (controlId, control) = json.Resources("AWS::CloudFront::OriginAccessControl").Single();
        var origin = DistributionConfig["Origins"]!.AsArray().Single()!;

        Assert.Equal($"[\"{ImagesBucket.LogicalId}\",\"RegionalDomainName\"]", origin["DomainName"]!["Fn::GetAtt"]!.ToJsonString());
        Assert.Equal($"[\"{controlId}\",\"Id\"]", origin["OriginAccessControlId"]!["Fn::GetAtt"]!.ToJsonString());
        // An empty identity: OAC replaces the legacy origin access identity rather than adding to it.
        Assert.Equal("", (string?)origin["S3OriginConfig"]!["OriginAccessIdentity"]);
        var config = control["Properties"]!["OriginAccessControlConfig"]!;
        Assert.Equal("s3", (string?)config["OriginAccessControlOriginType"]);
        Assert.Equal("always", (string?)config["SigningBehavior"]);
        Assert.Equal("sigv4", (string?)config["SigningProtocol"]);
    }

    [Fact]
    public void LetsOnlyThisDistributionReadImages_WhenBucketPolicyIsSet()
    {
        var distributionId = json.Resources("AWS::CloudFront::Distribution").Single().LogicalId;

        var allows = BucketPolicyStatements().Where(s => (string?)s["Effect"] == "Allow").ToList();

        var allow = Assert.Single(allows);
        Assert.Equal("s3:GetObject", (string?)allow["Action"]);
        Assert.Equal("cloudfront.amazonaws.com", (string?)allow["Principal"]!["Service"]);
        Assert.Contains($"{{\"Ref\":\"{distributionId}\"}}", allow["Condition"]!["StringEquals"]!["AWS:SourceArn"]!.ToJsonString());
    }

    [Fact]
    public void ServesImagesOverHttpsOnlyWithOptimizedCaching_WhenCdnIsCreated()
    {
        var behavior = DistributionConfig["DefaultCacheBehavior"]!;

        Assert.Equal("https-only", (string?)behavior["ViewerProtocolPolicy"]);
        Assert.Equal(CachingOptimizedPolicyId, (string?)behavior["CachePolicyId"]);
        Assert.Equal(["GET", "HEAD"], behavior["AllowedMethods"]!.AsArray().Select(m => (string?)m));
        Assert.Empty(DistributionConfig["CacheBehaviors"]?.AsArray() ?? []);
    }

    [Fact]
    public void OutputsImagesDomain_WhenSynthesized()
    {
        var distributionId = json.Resources("AWS::CloudFront::Distribution").Single().LogicalId;

        data.HasOutput("ImagesDomainName", new Dictionary<string, object>
        {
            ["Value"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new[] { distributionId, "DomainName" } },
        });
    }

    private (string LogicalId, JsonObject Resource) Proxy => json.Resources("AWS::RDS::DBProxy").Single();

    private JsonNode ProxyProperties => Proxy.Resource["Properties"]!;

    private string ProxySecurityGroupId => ProxyProperties["VpcSecurityGroupIds"]!.AsArray().Single()!["Fn::GetAtt"]![0]!.GetValue<string>();

    [Fact]
    public void RequiresTlsAndAuthenticatesWithTheClusterSecret_WhenProxyIsCreated()
    {
        var secretAttachment = json.Resources("AWS::SecretsManager::SecretTargetAttachment").Single().LogicalId;

        var auth = ProxyProperties["Auth"]!.AsArray().Single()!;

        Assert.Equal("POSTGRESQL", (string?)ProxyProperties["EngineFamily"]);
        Assert.True((bool?)ProxyProperties["RequireTLS"]);
        Assert.Equal("SECRETS", (string?)auth["AuthScheme"]);
        Assert.Equal("DISABLED", (string?)auth["IAMAuth"]);
        // The attachment's Ref is the cluster secret's ARN, the one the functions are given.
        Assert.Equal(secretAttachment, (string?)auth["SecretArn"]!["Ref"]);
    }

    [Fact]
    public void LetsTheProxyReadOnlyTheClusterSecret_WhenProxyRoleIsCreated()
    {
        var roleId = ProxyProperties["RoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        var secretAttachment = json.Resources("AWS::SecretsManager::SecretTargetAttachment").Single().LogicalId;

        var statements = json.Resources("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => (string?)r?["Ref"] == roleId))
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .ToList();

        var statement = Assert.Single(statements)!;
        Assert.All(TemplateJson.Actions(statement.AsObject()), a => Assert.StartsWith("secretsmanager:", a));
        Assert.Equal(secretAttachment, (string?)statement["Resource"]!["Ref"]);
    }

    [Fact]
    public void TargetsTheAuroraClusterAfterItsWriterExists_WhenProxyIsCreated()
    {
        var clusterId = json.Resources("AWS::RDS::DBCluster").Single().LogicalId;
        var writerId = json.Resources("AWS::RDS::DBInstance").Single().LogicalId;
        var targets = json.Resources("AWS::RDS::DBProxyTargetGroup").Single().Resource;

        Assert.Equal(Proxy.LogicalId, (string?)targets["Properties"]!["DBProxyName"]!["Ref"]);
        Assert.Equal([clusterId], targets["Properties"]!["DBClusterIdentifiers"]!.AsArray().Select(c => (string?)c!["Ref"]));
        Assert.Contains(writerId, targets["DependsOn"]!.AsArray().Select(d => (string?)d));
    }

    [Fact]
    public void PlacesProxyInThePrivateSubnetsWithItsOwnSecurityGroup_WhenProxyIsCreated()
    {
        var subnetTypes = ProxyProperties["VpcSubnetIds"]!.AsArray()
            .Select(s => json.Resource(s!["Ref"]!.GetValue<string>())["Properties"]!["Tags"]!.AsArray()
                .Single(t => (string?)t!["Key"] == "aws-cdk:subnet-type")!["Value"]!.GetValue<string>())
            .ToList();
        var group = json.Resource(ProxySecurityGroupId);

        Assert.Equal(["Private", "Private"], subnetTypes);
        Assert.StartsWith("Shop database proxy", (string?)group["Properties"]!["GroupDescription"]);
        // Functions are admitted by rules in their own stacks, never by an open CIDR here.
        Assert.Null(group["Properties"]!["SecurityGroupIngress"]);
    }

    [Fact]
    public void AdmitsOnlyTheProxyToTheCluster_WhenClusterSecurityGroupIsSet()
    {
        var clusterGroups = json.Resources("AWS::RDS::DBCluster").Single().Resource["Properties"]!["VpcSecurityGroupIds"]!.AsArray()
            .Select(g => g!["Fn::GetAtt"]![0]!.GetValue<string>())
            .ToHashSet();

        var rules = json.Resources("AWS::EC2::SecurityGroupIngress")
            .Select(r => r.Resource["Properties"]!)
            .Where(r => clusterGroups.Contains(r["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>()))
            .ToList();

        var rule = Assert.Single(rules);
        Assert.Equal(ProxySecurityGroupId, rule["SourceSecurityGroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal("tcp", (string?)rule["IpProtocol"]);
    }

    [Fact]
    public void NamesProxyAfterStack_WhenProxyIsCreated() =>
        Assert.Equal("shop-data-proxy", (string?)ProxyProperties["DBProxyName"]);

    [Fact]
    public void PointsFunctionsAtTheProxyWithTheClusterPortAndSecret_WhenDatabaseSettingsAreRead()
    {
        var settings = app.Stacks.Data.DatabaseSettings;
        var resolved = settings.ToDictionary(s => s.Key, s => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(app.Stacks.Data.Resolve(s.Value))));
        var clusterId = json.Resources("AWS::RDS::DBCluster").Single().LogicalId;

        Assert.Equal(
            new[] { ShopNames.Settings.DatabaseHost, ShopNames.Settings.DatabaseName, ShopNames.Settings.DatabasePort, ShopNames.Settings.DatabaseSecretArn },
            settings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal($"[\"{Proxy.LogicalId}\",\"Endpoint\"]", resolved[ShopNames.Settings.DatabaseHost]!["Fn::GetAtt"]!.ToJsonString());
        // The cluster endpoint's port, not a literal 5432: locally the database listens elsewhere.
        Assert.Equal($"[\"{clusterId}\",\"Endpoint.Port\"]", resolved[ShopNames.Settings.DatabasePort]!["Fn::GetAtt"]!.ToJsonString());
        Assert.Equal("shop", (string?)resolved[ShopNames.Settings.DatabaseName]);
    }

    private IReadOnlyList<JsonObject> BucketPolicyStatements()
    {
        var policy = json.Resources("AWS::S3::BucketPolicy").Single().Resource["Properties"]!;
        Assert.Equal(ImagesBucket.LogicalId, (string?)policy["Bucket"]!["Ref"]);
        return policy["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject()).ToList();
    }
}
