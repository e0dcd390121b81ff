using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.RDS;
using Constructs;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;

namespace Shop.Infra.Stacks;

/// <summary>
/// What outlives every deployment: the network, the single DynamoDB table and the Aurora cluster.
/// </summary>
public sealed class DataStack : Stack
{
    public const string DatabaseName = "shop";
    public const int DatabasePort = 5432;
    public const string TimeToLiveAttribute = "expiresAt";

    public IVpc Vpc { get; }
    public Table Table { get; }
    public DatabaseCluster Database { get; }

    public DataStack(Construct scope, string id, IStackProps? props = null) : base(scope, id, props)
    {
        Vpc = CreateVpc();
        Table = CreateTable();
        Database = CreateDatabase(Vpc);
    }

    private Vpc CreateVpc() => new(this, "Vpc", new VpcProps
    {
        MaxAzs = 2,
        // One NAT gateway keeps the bill small; the price is that an AZ outage cuts egress for both.
        NatGateways = 1,
        SubnetConfiguration =
        [
            new SubnetConfiguration { Name = "Public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
            new SubnetConfiguration { Name = "Functions", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 22 },
            new SubnetConfiguration { Name = "Database", SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 },
        ],
        // DynamoDB and S3 traffic from the functions skips the NAT gateway (and its per-GB charge).
        GatewayEndpoints = new Dictionary<string, IGatewayVpcEndpointOptions>
        {
            ["DynamoDb"] = new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.DYNAMODB },
            ["S3"] = new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 },
        },
        // Restricting the default security group takes a custom-resource Lambda; nothing uses that group.
        RestrictDefaultSecurityGroup = false,
    });

    private Table CreateTable() => new(this, "Table", new TableProps
    {
        PartitionKey = new Attribute { Name = "PK", Type = AttributeType.STRING },
        SortKey = new Attribute { Name = "SK", Type = AttributeType.STRING },
        BillingMode = BillingMode.PAY_PER_REQUEST,
        Stream = StreamViewType.NEW_AND_OLD_IMAGES,
        TimeToLiveAttribute = TimeToLiveAttribute,
        PointInTimeRecovery = true,
        RemovalPolicy = RemovalPolicy.RETAIN,
    });

    private DatabaseCluster CreateDatabase(IVpc vpc) => new(this, "Database", new DatabaseClusterProps
    {
        Engine = DatabaseClusterEngine.AuroraPostgres(new AuroraPostgresClusterEngineProps
        {
            // PostgreSQL 15, as the local environment runs. CDK 2.160 names only 15.2-15.7, which RDS
            // no longer creates clusters with, hence a version string.
            Version = AuroraPostgresEngineVersion.Of("15.13", "15"),
        }),
        Writer = ClusterInstance.ServerlessV2("Writer"),
        ServerlessV2MinCapacity = 0.5,
        ServerlessV2MaxCapacity = 4,
        DefaultDatabaseName = DatabaseName,
        // A fixed port renders as a number in rules and settings instead of an import of the endpoint's.
        Port = DatabasePort,
        Credentials = Credentials.FromGeneratedSecret("shop_admin"),
        Vpc = vpc,
        VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED },
        StorageEncrypted = true,
        Backup = new BackupProps { Retention = Duration.Days(7) },
        // Deleting the stack leaves a final snapshot rather than nothing.
        RemovalPolicy = RemovalPolicy.SNAPSHOT,
    });
}
