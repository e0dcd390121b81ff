using Amazon.CDK.Assertions;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class DataStackTests(ShopApp app)
{
    private readonly Template data = app.Data;

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
}
