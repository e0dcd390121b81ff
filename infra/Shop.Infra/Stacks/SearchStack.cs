using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.OpenSearchService;
using Amazon.CDK.AWS.SQS;
using Constructs;
using Shop.Core;
using Shop.Infra.Constructs;

namespace Shop.Infra.Stacks;

public sealed class SearchStackProps : StackProps
{
    public required IVpc Vpc { get; init; }

    /// <summary>The single table; its stream feeds the indexer, and both functions read products and categories from it.</summary>
    public required ITable Table { get; init; }
}

/// <summary>
/// Product search: the OpenSearch domain, the indexer that keeps it in line with the table's
/// stream, and the function that rebuilds it from the table.
/// </summary>
/// <remarks>
/// Its own stack, between Shop-Data and Shop-Api: the domain is slow to create and change, so it
/// must not ride along with every function deployment, yet it holds nothing the table cannot
/// rebuild, so it does not belong with the data that outlives everything (decision log, 2026-11-23).
/// </remarks>
public sealed class SearchStack : Stack
{
    public const int HttpsPort = 443;

    /// <summary>The domain's instances: memory-optimised Graviton, two of them, one per zone (decision log).</summary>
    public const string DataNodeInstanceType = "r6g.large.search";
    public const int DataNodes = 2;
    public const int VolumeSizeGiB = 20;

    /// <summary>What searching takes: queries (<c>POST _search</c>), reads and the health check.</summary>
    public static readonly IReadOnlyList<string> ReadActions = ["es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost"];

    /// <summary>What keeping the index takes on top: creating it, storing and deleting documents.</summary>
    public static readonly IReadOnlyList<string> WriteActions = [.. ReadActions, "es:ESHttpPut", "es:ESHttpDelete"];

    public Domain Domain { get; }

    /// <summary>
    /// The fine-grained access control master user: operators assume it to map the functions' roles
    /// inside OpenSearch (infra/README.md); no function runs with it.
    /// </summary>
    public Role AdminRole { get; }

    /// <summary>Runs on the table's stream: re-reads each changed product and stores or removes its document.</summary>
    public ShopFunction Indexer { get; }

    /// <summary>Where the stream mapping sends the position of records the indexer gave up on.</summary>
    public Queue IndexerFailures { get; }

    /// <summary>Rebuilds the index from the table; invoked by hand.</summary>
    public ShopFunction Reindex { get; }

    /// <summary>The base URL the functions reach the domain at.</summary>
    public string Endpoint => $"https://{Domain.DomainEndpoint}";

    public SearchStack(Construct scope, string id, SearchStackProps props) : base(scope, id, props)
    {
        AdminRole = new Role(this, "SearchAdmin", new RoleProps
        {
            // Any principal of this account that IAM lets assume it; in OpenSearch it is all_access and security_manager.
            AssumedBy = new AccountRootPrincipal(),
            Description = "Master user of the Shop search domain: role mappings and index administration",
            MaxSessionDuration = Duration.Hours(1),
        });
        Domain = CreateDomain(props.Vpc);
        GrantHttp(AdminRole, ["es:ESHttp*"]);

        IndexerFailures = ShopFunction.CreateDeadLetterQueue(this, "IndexerFailures");
        Indexer = CreateIndexer(props);
        Reindex = CreateReindex(props);

        _ = new CfnOutput(this, "SearchEndpoint", new CfnOutputProps { Value = Endpoint, Description = "Base URL of the OpenSearch domain (reachable from the VPC only)" });
        _ = new CfnOutput(this, "SearchAdminRoleArn", new CfnOutputProps { Value = AdminRole.RoleArn, Description = "Master user of the search domain; assume it to map roles" });
        _ = new CfnOutput(this, "IndexerRoleArn", new CfnOutputProps { Value = Indexer.Function.Role!.RoleArn, Description = "Map to the search writer role in OpenSearch" });
        _ = new CfnOutput(this, "ReindexRoleArn", new CfnOutputProps { Value = Reindex.Function.Role!.RoleArn, Description = "Map to the search writer role in OpenSearch" });
        _ = new CfnOutput(this, "ReindexFunctionName", new CfnOutputProps { Value = Reindex.Function.FunctionName, Description = "Invoke to rebuild the search index from the table" });
    }

    /// <summary>The settings that point a function at the domain.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [ShopNames.Settings.SearchEngine] = ShopNames.SearchEngines.OpenSearch,
        [ShopNames.Settings.SearchEndpoint] = Endpoint,
    };

    /// <summary>
    /// Lets a function reach the domain: its IAM policy allows the given HTTP actions on the domain,
    /// and the domain's security group admits it on 443. The rule is made from the function's side, so
    /// it lands in the function's stack and the stacks do not refer to each other both ways.
    /// </summary>
    public void Admit(IFunction function, IEnumerable<string> actions, string description)
    {
        GrantHttp(function, actions);
        function.Connections.AllowTo(Domain, Port.Tcp(HttpsPort), description);
        // The function's own outbound rule is redundant (it may reach anything); the domain's ingress rule is what counts.
        Amazon.CDK.Annotations.Of(function).AcknowledgeWarning("@aws-cdk/aws-ec2:ipv4IgnoreEgressRule", "Outbound is open; ingress on the domain is the control.");
    }

    private void GrantHttp(IGrantable grantee, IEnumerable<string> actions) =>
        Grant.AddToPrincipal(new GrantOnPrincipalOptions
        {
            Grantee = grantee,
            Actions = [.. actions],
            ResourceArns = [Domain.DomainArn, $"{Domain.DomainArn}/*"],
        });

    private Domain CreateDomain(IVpc vpc)
    {
        var securityGroup = new SecurityGroup(this, "DomainSecurityGroup", new SecurityGroupProps
        {
            Vpc = vpc,
            Description = "Shop search domain: HTTPS from the Shop functions that search or index",
            // The domain answers; it never opens connections.
            AllowAllOutbound = false,
        });
        // Slow logs need thresholds in the index settings to say anything; the application log is the cluster's own.
        var logs = new Dictionary<string, LogGroup>
        {
            ["App"] = DomainLogGroup("AppLogs"),
            ["SlowSearch"] = DomainLogGroup("SlowSearchLogs"),
            ["SlowIndex"] = DomainLogGroup("SlowIndexLogs"),
        };
        // CDK would write this policy with a custom resource; a plain one does the same job (SuppressLogsResourcePolicy).
        var logsPolicy = new Amazon.CDK.AWS.Logs.ResourcePolicy(this, "DomainLogsPolicy", new ResourcePolicyProps
        {
            PolicyStatements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Principals = [new ServicePrincipal("es.amazonaws.com")],
                    Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resources = [.. logs.Values.Select(g => g.LogGroupArn)],
                    Conditions = new Dictionary<string, object>
                    {
                        ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Account },
                    },
                }),
            ],
        });

        var domain = new Domain(this, "Domain", new DomainProps
        {
            // The stack's name, lower-cased: the access policy below can name the domain without referring to it.
            DomainName = DomainNameOf(StackName),
            Version = EngineVersion.OPENSEARCH_2_15,
            // A version change upgrades the domain in place instead of replacing it.
            EnableVersionUpgrade = true,
            Vpc = vpc,
            // The data tier's subnets (with Aurora): no route out, the domain needs none.
            VpcSubnets = [new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED }],
            SecurityGroups = [securityGroup],
            ZoneAwareness = new ZoneAwarenessConfig { Enabled = true, AvailabilityZoneCount = 2 },
            Capacity = new CapacityConfig
            {
                DataNodes = DataNodes,
                DataNodeInstanceType = DataNodeInstanceType,
                // Standby needs three zones and dedicated master nodes; the VPC has two zones.
                MultiAzWithStandbyEnabled = false,
            },
            Ebs = new EbsOptions { Enabled = true, VolumeType = EbsDeviceVolumeType.GP3, VolumeSize = VolumeSizeGiB },
            EncryptionAtRest = new EncryptionAtRestOptions { Enabled = true },
            NodeToNodeEncryption = true,
            EnforceHttps = true,
            // TLS 1.2 at least, forward-secret ciphers only.
            TlsSecurityPolicy = TLSSecurityPolicy.TLS_1_2_PFS,
            FineGrainedAccessControl = new AdvancedSecurityOptions { MasterUserArn = AdminRole.RoleArn },
            Logging = new LoggingOptions
            {
                AppLogEnabled = true,
                AppLogGroup = logs["App"],
                SlowSearchLogEnabled = true,
                SlowSearchLogGroup = logs["SlowSearch"],
                SlowIndexLogEnabled = true,
                SlowIndexLogGroup = logs["SlowIndex"],
            },
            SuppressLogsResourcePolicy = true,
            // Service software updates install themselves, in the off-peak window.
            OffPeakWindowEnabled = true,
            EnableAutoSoftwareUpdate = true,
            // The index can be rebuilt from the table, but a new domain takes half an hour and loses the role mappings.
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        // OpenSearch checks the log groups' policy when the domain is created.
        domain.Node.AddDependency(logsPolicy);

        // Set on the L1: the L2's accessPolicies go through a custom resource. Principals of this account
        // pass, as far as their own IAM policies allow; fine-grained access control decides the rest.
        ((CfnDomain)domain.Node.DefaultChild!).AccessPolicies = new PolicyDocument(new PolicyDocumentProps
        {
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Principals = [new AccountRootPrincipal()],
                    Actions = ["es:ESHttp*"],
                    Resources = [FormatArn(new ArnComponents
                    {
                        Service = "es",
                        Resource = "domain",
                        ResourceName = $"{DomainNameOf(StackName)}/*",
                        ArnFormat = ArnFormat.SLASH_RESOURCE_NAME,
                    })],
                }),
            ],
        });
        return domain;
    }

    /// <summary>A domain name from a stack name: OpenSearch takes 3-28 lower-case letters, digits and hyphens.</summary>
    public static string DomainNameOf(string stackName)
    {
        var name = stackName.ToLowerInvariant();
        return name.Length is >= 3 and <= 28 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? name
            : throw new ArgumentException($"'{stackName}' does not make a valid OpenSearch domain name.", nameof(stackName));
    }

    private LogGroup DomainLogGroup(string id) => new(this, id, new LogGroupProps
    {
        Retention = RetentionDays.ONE_MONTH,
        RemovalPolicy = RemovalPolicy.DESTROY,
    });

    private ShopFunction CreateIndexer(SearchStackProps props)
    {
        var indexer = new ShopFunction(this, "IndexerFunction", new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = ShopNames.Handlers.IndexProducts,
            Vpc = props.Vpc,
            // A batch is at most 100 records; each product is re-read and stored one by one.
            Timeout = Duration.Seconds(60),
            Environment = FunctionSettings(props.Table),
        });
        // The indexer re-reads products and categories; it never writes the table.
        props.Table.GrantReadData(indexer.Function);
        Admit(indexer.Function, WriteActions, "Indexer function to OpenSearch");
        indexer.Function.AddEventSource(new DynamoEventSource(props.Table, new DynamoEventSourceProps
        {
            // From the oldest record the stream keeps (24 h): a new mapping misses nothing written before
            // it was enabled, and replaying is harmless since the indexer stores current states with versions.
            StartingPosition = StartingPosition.TRIM_HORIZON,
            BatchSize = 100,
            MaxBatchingWindow = Duration.Seconds(2),
            // The handler names the first product that failed; the shard resumes there.
            ReportBatchItemFailures = true,
            // A batch that makes the function fail outright is halved until the bad record stands alone.
            BisectBatchOnError = true,
            RetryAttempts = 5,
            // Well inside the stream's 24 h: a backlog is worked off, not dropped, unless it is hours old.
            MaxRecordAge = Duration.Hours(6),
            OnFailure = new SqsDlq(IndexerFailures),
            // Only product partitions change documents; orders, carts and users never wake the indexer.
            Filters =
            [
                FilterCriteria.Filter(new Dictionary<string, object>
                {
                    ["dynamodb"] = new Dictionary<string, object>
                    {
                        ["Keys"] = new Dictionary<string, object>
                        {
                            // FilterRule.BeginsWith's result does not cross jsii from .NET inside a map; this is the same rule.
                            [ShopNames.Table.PartitionKey] = new Dictionary<string, object>
                            {
                                ["S"] = new object[] { new Dictionary<string, object> { ["prefix"] = ShopNames.Table.ProductPartitionPrefix } },
                            },
                        },
                    },
                }),
            ],
        }));
        return indexer;
    }

    private ShopFunction CreateReindex(SearchStackProps props)
    {
        var reindex = new ShopFunction(this, "ReindexFunction", new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = ShopNames.Handlers.ReindexProducts,
            Vpc = props.Vpc,
            MemorySize = 1024,
            // Lambda's longest: a rebuild scans every product.
            Timeout = Duration.Minutes(15),
            Environment = FunctionSettings(props.Table),
        });
        props.Table.GrantReadData(reindex.Function);
        Admit(reindex.Function, WriteActions, "Reindex function to OpenSearch");
        return reindex;
    }

    private Dictionary<string, string> FunctionSettings(ITable table) =>
        new(Settings) { [ShopNames.Settings.TableName] = table.TableName };
}
