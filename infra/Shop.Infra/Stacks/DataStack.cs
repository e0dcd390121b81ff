using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.S3;
using Constructs;
using Shop.Core;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;
using IFunction = Amazon.CDK.AWS.Lambda.IFunction;

namespace Shop.Infra.Stacks;

/// <summary>
/// What outlives every deployment: the network, the single DynamoDB table, the Aurora cluster (and
/// the RDS Proxy the functions reach it through) and the product images (their bucket and the CDN
/// in front of it).
/// </summary>
public sealed class DataStack : Stack
{
    public const string DatabaseName = "shop";
    public const int DatabasePort = 5432;
    public const string TimeToLiveAttribute = ShopNames.Table.TimeToLive;

    public IVpc Vpc { get; }
    public Table Table { get; }
    public DatabaseCluster Database { get; }

    /// <summary>
    /// Every function reaches PostgreSQL through this proxy, never the cluster directly: it pools
    /// the connections of Lambda bursts and rides out failovers (decision log, 2026-12-03).
    /// </summary>
    public DatabaseProxy DatabaseProxy { get; }

    /// <summary>Product images: sellers PUT them through presigned URLs, clients GET them through <see cref="ImagesCdn"/>.</summary>
    public Bucket ImagesBucket { get; }

    /// <summary>The only reader of <see cref="ImagesBucket"/>; its domain name is what image URLs are built on.</summary>
    public Distribution ImagesCdn { get; }

    public DataStack(Construct scope, string id, IStackProps? props = null) : base(scope, id, props)
    {
        Vpc = CreateVpc();
        Table = CreateTable();
        Database = CreateDatabase(Vpc);
        DatabaseProxy = CreateDatabaseProxy(Vpc, Database);
        // Shop-Api imported these while it reached the cluster directly (until 2026-12-03). CloudFormation
        // refuses to drop an export another stack still imports, and Shop-Data deploys first, so they stay
        // for one deployment of Shop-Api without them; remove them after that.
        ExportValue(Database.ClusterEndpoint.Hostname);
        ExportValue(Database.Connections.SecurityGroups[0].SecurityGroupId);
        ImagesBucket = CreateImagesBucket();
        ImagesCdn = CreateImagesCdn(ImagesBucket);
        _ = new CfnOutput(this, "ImagesDomainName", new CfnOutputProps
        {
            Value = ImagesCdn.DistributionDomainName,
            Description = "Domain the product images are served from",
        });
    }

    /// <summary>The attribute names of one overloaded index: <c>GSI1</c> is keyed by <c>GSI1PK</c> and <c>GSI1SK</c>.</summary>
    public static (string PartitionKey, string SortKey) IndexKeys(string indexName) => ($"{indexName}PK", $"{indexName}SK");

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

    private Table CreateTable()
    {
        var table = new Table(this, "Table", new TableProps
        {
            PartitionKey = new Attribute { Name = ShopNames.Table.PartitionKey, Type = AttributeType.STRING },
            SortKey = new Attribute { Name = ShopNames.Table.SortKey, Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            Stream = StreamViewType.NEW_AND_OLD_IMAGES,
            TimeToLiveAttribute = TimeToLiveAttribute,
            PointInTimeRecovery = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        // Every index projects every attribute: a listing then needs no second read per item, and the
        // indexes are sparse (an item carries an index's keys only while it belongs there), so the
        // copies cost little. CloudFormation adds one index per table update: on a table that already
        // exists without them, deploy them one at a time.
        foreach (var index in ShopNames.Table.GlobalIndexes)
        {
            var (partitionKey, sortKey) = IndexKeys(index);
            table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
            {
                IndexName = index,
                PartitionKey = new Attribute { Name = partitionKey, Type = AttributeType.STRING },
                SortKey = new Attribute { Name = sortKey, Type = AttributeType.STRING },
                ProjectionType = ProjectionType.ALL,
            });
        }
        return table;
    }

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

    /// <summary>The settings that point a function at the database: the proxy's endpoint, the cluster's credentials.</summary>
    public IReadOnlyDictionary<string, string> DatabaseSettings => new Dictionary<string, string>
    {
        [ShopNames.Settings.DatabaseHost] = DatabaseProxy.Endpoint,
        // The cluster endpoint's port, not a literal: the proxy listens on the same port (5432) in AWS,
        // and the local environment maps both to its own PostgreSQL's port.
        [ShopNames.Settings.DatabasePort] = Token.AsString(Database.ClusterEndpoint.Port),
        [ShopNames.Settings.DatabaseName] = DatabaseName,
        [ShopNames.Settings.DatabaseSecretArn] = Database.Secret!.SecretArn,
    };

    /// <summary>
    /// Lets a function use the database: it may read the cluster's secret (the proxy authenticates
    /// clients with the same credentials), and the proxy's security group admits it on the database
    /// port. The rule is made from the function's side, so it lands in the function's stack and this
    /// stack never refers to a later one.
    /// </summary>
    public void AdmitToDatabase(IFunction function, string description)
    {
        Database.Secret!.GrantRead(function);
        function.Connections.AllowTo(DatabaseProxy, Port.Tcp(DatabasePort), description);
        // The function's own outbound rule is redundant (it may reach anything); the proxy's ingress rule is what counts.
        Amazon.CDK.Annotations.Of(function).AcknowledgeWarning("@aws-cdk/aws-ec2:ipv4IgnoreEgressRule", "Outbound is open; ingress on the proxy is the control.");
    }

    private DatabaseProxy CreateDatabaseProxy(IVpc vpc, DatabaseCluster cluster)
    {
        var securityGroup = new SecurityGroup(this, "DatabaseProxySecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "Shop database proxy: PostgreSQL from the Shop functions that use the database",
            // Outbound stays open, as in the group CDK would make: the proxy connects to the cluster and
            // to AWS's endpoints; the controls are the ingress rules (functions to proxy, proxy to cluster).
            AllowAllOutbound = true,
        });
        Amazon.CDK.Annotations.Of(securityGroup).AcknowledgeWarning("@aws-cdk/aws-ec2:ipv4IgnoreEgressRule", "Outbound is open; ingress on the cluster is the control.");
        var proxy = new DatabaseProxy(this, "DatabaseProxy", new DatabaseProxyProps
        {
            // CDK would name it after the construct id alone, the same in every stage; proxy names are unique per account and region.
            DbProxyName = $"{StackName.ToLowerInvariant()}-proxy",
            ProxyTarget = ProxyTarget.FromCluster(cluster),
            // The cluster's own secret: the proxy logs in to PostgreSQL with it, and clients present the same user and password.
            Secrets = [cluster.Secret!],
            Vpc = vpc,
            // Beside the functions, in the private subnets with a route out: the proxy reads the secret from
            // Secrets Manager, which the isolated subnets cannot reach (no NAT, no interface endpoint).
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            SecurityGroups = [securityGroup],
            RequireTLS = true,
            // PostgreSQL 15's own default; Npgsql speaks it.
            ClientPasswordAuthType = ClientPasswordAuthType.POSTGRES_SCRAM_SHA_256,
            IamAuth = false,
            // A client idle this long is dropped; a warm Lambda instance reconnects on its next use.
            IdleClientTimeout = Duration.Minutes(30),
            // Leaves a fifth of the cluster's connections to RDS's own and maintenance sessions.
            MaxConnectionsPercent = 80,
            BorrowTimeout = Duration.Seconds(30),
        });
        // The proxy is the cluster's only client inside the VPC.
        cluster.Connections.AllowDefaultPortFrom(proxy, "Database proxy to the Aurora cluster");
        return proxy;
    }

    private Bucket CreateImagesBucket() => new(this, "Images", new BucketProps
    {
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
        Encryption = BucketEncryption.S3_MANAGED,
        EnforceSSL = true,
        MinimumTLSVersion = 1.2,
        // Browsers upload straight to S3 with the presigned URL the Api hands out; a presigned URL is
        // the credential, so any origin may use one; the browser sends the image's Content-Type with it.
        Cors =
        [
            new CorsRule
            {
                AllowedMethods = [HttpMethods.PUT],
                AllowedOrigins = ["*"],
                AllowedHeaders = ["content-type"],
                ExposedHeaders = ["ETag"],
                MaxAge = 3000,
            },
        ],
        LifecycleRules = [new LifecycleRule { AbortIncompleteMultipartUploadAfter = Duration.Days(1) }],
        // Images are the sellers' content; deleting the stack must not delete them (and emptying a
        // bucket on delete would take a custom resource).
        RemovalPolicy = RemovalPolicy.RETAIN,
    });

    private Distribution CreateImagesCdn(IBucket bucket) => new(this, "ImagesCdn", new DistributionProps
    {
        Comment = "Shop product images",
        DefaultBehavior = new BehaviorOptions
        {
            // Origin access control: CloudFront signs its requests to S3 and the bucket policy admits only
            // this distribution, so the bucket stays private (origin access identities are the legacy way).
            Origin = S3BucketOrigin.WithOriginAccessControl(bucket),
            ViewerProtocolPolicy = ViewerProtocolPolicy.HTTPS_ONLY,
            AllowedMethods = AllowedMethods.ALLOW_GET_HEAD,
            CachePolicy = CachePolicy.CACHING_OPTIMIZED,
            Compress = true,
        },
        HttpVersion = HttpVersion.HTTP2_AND_3,
        // North America and Europe edges only; the cheapest class, widen it when customers are elsewhere.
        PriceClass = PriceClass.PRICE_CLASS_100,
    });
}
