using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SQS;
using Constructs;
using Shop.Core;
using Shop.Core.Uploads;
using Shop.Infra.Constructs;

namespace Shop.Infra.Stacks;

public sealed class UploadsStackProps : StackProps
{
    /// <summary>The table the importer upserts products into and keeps upload records in.</summary>
    public required DataStack Data { get; init; }
}

/// <summary>
/// Seller bulk upload: the uploads bucket, its ObjectCreated events on a queue (with a dead-letter
/// queue and an alarm), and the importer that consumes it. The Api presigns PUTs into the bucket
/// and reads upload records from the table; its grants are given by <see cref="GrantPresign"/>.
/// </summary>
public sealed class UploadsStack : Stack
{
    /// <summary>The importer's timeout. It checkpoints and hands on a minute before it runs out, so a file of any size is imported in turns.</summary>
    public static readonly Duration ImporterTimeout = Duration.Minutes(10);

    /// <summary>Deliveries of one message before it is parked in the dead-letter queue; each resumes from the last checkpoint.</summary>
    public const int MaxReceiveCount = 5;

    /// <summary>Raw files are only needed while they are imported.</summary>
    public static readonly Duration UploadsExpiry = Duration.Days(7);

    /// <summary>Error reports outlive their link; the upload record (35 days) outlives them.</summary>
    public static readonly Duration ReportsExpiry = Duration.Days(30);

    public Bucket Bucket { get; }
    public Queue Events { get; }
    public Queue DeadLetters { get; }
    public Alarm DeadLettersAlarm { get; }
    public ShopFunction Importer { get; }

    public UploadsStack(Construct scope, string id, UploadsStackProps props) : base(scope, id, props)
    {
        DeadLetters = ShopFunction.CreateDeadLetterQueue(this, "UploadEventsDeadLetters");
        Events = new Queue(this, "UploadEvents", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            VisibilityTimeout = Duration.Seconds(6 * ImporterTimeout.ToSeconds()),
            RetentionPeriod = Duration.Days(4),
            DeadLetterQueue = new DeadLetterQueue { Queue = DeadLetters, MaxReceiveCount = MaxReceiveCount },
        });
        Bucket = CreateBucket();
        NotifyQueue();
        DeadLettersAlarm = new Alarm(this, "UploadEventsDeadLettersAlarm", new AlarmProps
        {
            AlarmDescription = "An upload message failed every delivery to the importer and waits in the dead-letter queue",
            Metric = DeadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(5), Statistic = Stats.MAXIMUM }),
            Threshold = 0,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        Importer = CreateImporter(props.Data);
        _ = new CfnOutput(this, "UploadsBucketName", new CfnOutputProps { Value = Bucket.BucketName, Description = "Sellers' catalog files and error reports" });
        _ = new CfnOutput(this, "UploadEventsDeadLetterQueueUrl", new CfnOutputProps { Value = DeadLetters.QueueUrl, Description = "Upload messages the importer gave up on; redrive them once fixed" });
    }

    /// <summary>
    /// What the Api may do with the bucket: put sellers' files (a presigned URL carries its signer's
    /// permissions, so an upload URL can do nothing else) and read error reports for their links.
    /// </summary>
    public void GrantPresign(IFunction function)
    {
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject"],
            Resources = [Bucket.ArnForObjects(UploadKeys.UploadsPrefix + "*")],
        }));
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(UploadKeys.ReportsPrefix + "*")],
        }));
    }

    /// <summary>
    /// The bucket's name, fixed per account and region so the queue's policy can name the bucket
    /// without referring to it: the bucket's notification needs the policy in place first, and a
    /// reference the other way round would be a cycle.
    /// </summary>
    public static string BucketNameFor(string account, string region) => $"shop-uploads-{account}-{region}";

    /// <summary>
    /// ObjectCreated events of the sellers' files (never the importer's own reports) go to the queue.
    /// Written as the bucket's own NotificationConfiguration rather than CDK's
    /// <c>AddEventNotification</c>, which would add a custom resource and its Lambda function
    /// (decision log, 2026-12-04).
    /// </summary>
    private void NotifyQueue()
    {
        var bucket = (CfnBucket)Bucket.Node.DefaultChild!;
        bucket.NotificationConfiguration = new CfnBucket.NotificationConfigurationProperty
        {
            QueueConfigurations = new object[]
            {
                new CfnBucket.QueueConfigurationProperty
                {
                    Event = "s3:ObjectCreated:*",
                    Queue = Events.QueueArn,
                    Filter = new CfnBucket.NotificationFilterProperty
                    {
                        S3Key = new CfnBucket.S3KeyFilterProperty
                        {
                            Rules = new object[] { new CfnBucket.FilterRuleProperty { Name = "prefix", Value = UploadKeys.UploadsPrefix } },
                        },
                    },
                },
            },
        };
        var policy = Events.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Principals = [new ServicePrincipal("s3.amazonaws.com")],
            Actions = ["sqs:SendMessage"],
            Resources = [Events.QueueArn],
            Conditions = new Dictionary<string, object>
            {
                ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = $"arn:aws:s3:::{BucketNameFor(Aws.ACCOUNT_ID, Aws.REGION)}" },
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Aws.ACCOUNT_ID },
            },
        }));
        // S3 checks that it may send to the queue when the configuration is put.
        bucket.Node.AddDependency(policy.PolicyDependable!);
    }

    private Bucket CreateBucket() => new(this, "Uploads", new BucketProps
    {
        BucketName = BucketNameFor(Aws.ACCOUNT_ID, Aws.REGION),
        BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
        ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
        Encryption = BucketEncryption.S3_MANAGED,
        EnforceSSL = true,
        MinimumTLSVersion = 1.2,
        // Browsers PUT the file with the presigned URL and the signed Content-Type.
        Cors =
        [
            new CorsRule { AllowedMethods = [HttpMethods.PUT], AllowedOrigins = ["*"], AllowedHeaders = ["content-type"], ExposedHeaders = ["ETag"], MaxAge = 3000 },
        ],
        LifecycleRules =
        [
            new LifecycleRule { Id = "ExpireUploads", Prefix = UploadKeys.UploadsPrefix, Expiration = UploadsExpiry, AbortIncompleteMultipartUploadAfter = Duration.Days(1) },
            new LifecycleRule { Id = "ExpireReports", Prefix = UploadKeys.ReportsPrefix, Expiration = ReportsExpiry },
        ],
        // Nothing here outlives its lifecycle; the files' contents are in the table once imported.
        RemovalPolicy = RemovalPolicy.RETAIN,
    });

    private ShopFunction CreateImporter(DataStack data)
    {
        var importer = new ShopFunction(this, "ImporterFunction", new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = ShopNames.Handlers.ImportUploads,
            Timeout = ImporterTimeout,
            // Parallel batch writes and a chunk of rows; the file itself is streamed, never held.
            MemorySize = 1024,
            Environment = new Dictionary<string, string>
            {
                [ShopNames.Settings.TableName] = data.Table.TableName,
                [ShopNames.Settings.UploadsBucket] = Bucket.BucketName,
                [ShopNames.Settings.UploadsQueueUrl] = Events.QueueUrl,
                [ShopNames.Settings.UploadsMaxReceives] = MaxReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        var function = importer.Function;
        data.Table.GrantReadWriteData(function);
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetObject"],
            Resources = [Bucket.ArnForObjects(UploadKeys.UploadsPrefix + "*"), Bucket.ArnForObjects(UploadKeys.ReportsPrefix + "*")],
        }));
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject"],
            Resources = [Bucket.ArnForObjects(UploadKeys.ReportsPrefix + "*")],
        }));
        // Continuations of large files go back on the queue.
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["sqs:SendMessage"], Resources = [Events.QueueArn] }));
        function.AddEventSource(new SqsEventSource(Events, new SqsEventSourceProps
        {
            // One file's turn per invocation: the time budget is the message's.
            BatchSize = 1,
            ReportBatchItemFailures = true,
        }));
        return importer;
    }
}
