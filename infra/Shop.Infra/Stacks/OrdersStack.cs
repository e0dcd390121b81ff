using System.Security.Cryptography;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.SQS;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.Triggers;
using Constructs;
using Shop.Core;
using Shop.Infra.Constructs;

namespace Shop.Infra.Stacks;

public sealed class OrdersStackProps : StackProps
{
    /// <summary>The VPC, the table (the notifier's inbox) and the database the order functions use through its proxy.</summary>
    public required DataStack Data { get; init; }

    /// <summary>The checkout saga the outbox relay starts for each placed order.</summary>
    public required IStateMachine Checkout { get; init; }
}

/// <summary>
/// What keeps orders moving after <c>POST /orders</c> commits: the order database's migrations (run
/// at deploy), the outbox relay that publishes what the Api's fast path missed, the order-events
/// queue and the notifier that consumes it.
/// </summary>
/// <remarks>
/// Its own stack between Shop-Workflow/Shop-Search and Shop-Api: the migrations must have run before
/// an Api that needs the new schema is deployed, and the queue must exist before the Api publishes
/// to it, while none of it belongs with the data that outlives every deployment.
/// </remarks>
public sealed class OrdersStack : Stack
{
    /// <summary>The notifier's timeout; the queue's visibility timeout is six times it, as Lambda advises for SQS sources.</summary>
    public static readonly Duration NotifierTimeout = Duration.Seconds(30);

    /// <summary>Deliveries of one order event before it is parked in the dead-letter queue.</summary>
    public const int MaxReceiveCount = 5;

    /// <summary>How often the outbox relay runs; the Api publishes right after commit, so this only bounds the delay of a missed publish.</summary>
    public static readonly Duration RelayInterval = Duration.Minutes(1);

    /// <summary>
    /// The Node.js runtime of CDK's trigger provider (the function that invokes <see cref="Migrate"/> for
    /// CloudFormation). CDK 2.160 picks nodejs20.x, which Lambda no longer creates functions with; this
    /// is the runtime later CDK releases moved their providers to (decision log, 2026-12-03).
    /// </summary>
    public const string TriggerProviderRuntime = "nodejs22.x";

    /// <summary>The construct id CDK gives the one trigger provider of a stack.</summary>
    private const string TriggerProviderId = "AWSCDK.TriggerCustomResourceProviderCustomResourceProvider";

    /// <summary>Order events (the outbox's rows, published): the notifier consumes them.</summary>
    public Queue OrderEvents { get; }

    /// <summary>Order events the notifier failed <see cref="MaxReceiveCount"/> times; an alarm fires on the first.</summary>
    public Queue OrderEventsDeadLetters { get; }

    public Alarm OrderEventsDeadLettersAlarm { get; }

    /// <summary>Applies the order database's versioned migrations; the trigger runs it on deploy.</summary>
    public ShopFunction Migrate { get; }

    /// <summary>Runs <see cref="Migrate"/> during the deployment, after the database and its proxy exist.</summary>
    public Trigger MigrateOnDeploy { get; }

    /// <summary>Publishes outbox rows the Api could not publish itself: order events to the queue, checkout executions.</summary>
    public ShopFunction Relay { get; }

    public Rule RelaySchedule { get; }

    /// <summary>Turns order events into members' notifications.</summary>
    public ShopFunction Notifier { get; }

    public OrdersStack(Construct scope, string id, OrdersStackProps props) : base(scope, id, props)
    {
        OrderEventsDeadLetters = ShopFunction.CreateDeadLetterQueue(this, "OrderEventsDeadLetters");
        OrderEvents = new Queue(this, "OrderEvents", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            // Lambda's advice for SQS sources: six times the function's timeout, so a batch that is
            // retried inside the mapping does not reappear to another poller meanwhile.
            VisibilityTimeout = Duration.Seconds(6 * NotifierTimeout.ToSeconds()),
            // Shorter than the dead-letter queue's 14 days: a message keeps its first enqueue time there.
            RetentionPeriod = Duration.Days(4),
            DeadLetterQueue = new DeadLetterQueue { Queue = OrderEventsDeadLetters, MaxReceiveCount = MaxReceiveCount },
        });
        OrderEventsDeadLettersAlarm = CreateDeadLettersAlarm();

        Migrate = CreateMigrate(props.Data);
        MigrateOnDeploy = CreateMigrateTrigger(props.Data);
        Relay = CreateRelay(props);
        RelaySchedule = CreateRelaySchedule();
        // The relay's first run finds the outbox table in place.
        MigrateOnDeploy.ExecuteBefore(RelaySchedule);
        Notifier = CreateNotifier(props.Data);

        _ = new CfnOutput(this, "MigrateFunctionName", new CfnOutputProps { Value = Migrate.Function.FunctionName, Description = "Invoke to apply the order database's migrations by hand" });
        _ = new CfnOutput(this, "OrderEventsDeadLetterQueueUrl", new CfnOutputProps { Value = OrderEventsDeadLetters.QueueUrl, Description = "Order events the notifier gave up on; redrive them once fixed" });
    }

    /// <summary>The settings that point a function at the order-events queue.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        [ShopNames.Settings.OrderEventsQueueUrl] = OrderEvents.QueueUrl,
    };

    /// <summary>
    /// Lets a function publish order events: <c>sqs:SendMessage</c> on the queue and nothing else
    /// (<c>grantSendMessages</c> would add GetQueueAttributes and GetQueueUrl, which the URL setting makes unnecessary).
    /// </summary>
    public void GrantPublish(IFunction function) =>
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["sqs:SendMessage"],
            Resources = [OrderEvents.QueueArn],
        }));

    /// <summary>
    /// A fingerprint of the order database's migration scripts (<c>*.sql</c> under <paramref name="directory"/>):
    /// names and contents, in ordinal order. A folder that does not exist yet fingerprints as empty.
    /// </summary>
    public static string MigrationsFingerprint(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (Directory.Exists(directory))
        {
            var scripts = Directory.GetFiles(directory, "*.sql", SearchOption.AllDirectories)
                .Select(path => (Name: Path.GetRelativePath(directory, path).Replace('\\', '/'), Path: path))
                .OrderBy(s => s.Name, StringComparer.Ordinal);
            foreach (var script in scripts)
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(script.Name + "\0"));
                hash.AppendData(File.ReadAllBytes(script.Path));
                hash.AppendData([0]);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private Alarm CreateDeadLettersAlarm() => new(this, "OrderEventsDeadLettersAlarm", new AlarmProps
    {
        AlarmDescription = "An order event failed every delivery to the notifier and waits in the dead-letter queue",
        Metric = OrderEventsDeadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions
        {
            Period = Duration.Minutes(5),
            Statistic = Stats.MAXIMUM,
        }),
        Threshold = 0,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
        EvaluationPeriods = 1,
        // SQS stops reporting an idle queue's metrics; an empty queue is the healthy state.
        TreatMissingData = TreatMissingData.NOT_BREACHING,
    });

    private ShopFunction CreateMigrate(DataStack data)
    {
        var migrate = new ShopFunction(this, "MigrateFunction", new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = ShopNames.Handlers.MigrateOrderDatabase,
            Vpc = data.Vpc,
            // A migration that rewrites a large table takes a while; the trigger waits for it.
            Timeout = Duration.Minutes(5),
            Environment = data.DatabaseSettings,
        });
        data.AdmitToDatabase(migrate.Function, "Order database migrations to the database proxy");
        // The scripts are embedded in the adapter assembly, so they are already part of the code's asset
        // hash; naming them here as well makes a new migration a new version (and so a new trigger run)
        // whatever else the hash covers.
        migrate.Function.InvalidateVersionBasedOn(MigrationsFingerprint(RepositoryPaths.OrderMigrations));
        return migrate;
    }

    private Trigger CreateMigrateTrigger(DataStack data)
    {
        var trigger = new Trigger(this, "MigrateOnDeploy", new TriggerProps
        {
            Handler = Migrate.Function,
            // The deployment waits for the migrations and fails with their error, so an Api needing the
            // new schema is never deployed over an old one.
            InvocationType = InvocationType.REQUEST_RESPONSE,
            // The call outlives the function's own 5 minutes, so a timeout is reported as the function's.
            Timeout = Duration.Minutes(6),
            // The trigger names the function's current version: every change of the function's code or
            // settings (and of the migrations, above) re-runs it. The migrator skips applied versions,
            // so a run with nothing new is harmless.
            ExecuteOnHandlerChange = true,
            // The function reaches the cluster through the proxy with the cluster's secret; its own
            // ingress rule and policy live in Migrate.
            ExecuteAfter = [data.Database, data.DatabaseProxy, Migrate],
        });
        var provider = (CfnResource)Node.FindChild(TriggerProviderId).Node.FindChild("Handler");
        provider.AddPropertyOverride("Runtime", TriggerProviderRuntime);
        // CDK's region-to-runtime table, now unused (and nodejs20.x throughout).
        Node.TryRemoveChild("LatestNodeRuntimeMap");
        return trigger;
    }

    private ShopFunction CreateRelay(OrdersStackProps props)
    {
        var relay = new ShopFunction(this, "RelayFunction", new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = ShopNames.Handlers.RelayOrderOutbox,
            Vpc = props.Data.Vpc,
            // Ends before the next tick: runs never overlap, each works the outbox off in batches.
            Timeout = Duration.Seconds(50),
            // One relay at a time: it claims rows with SKIP LOCKED, so a second would be safe but only
            // holds another database connection and races the first for the same rows.
            ReservedConcurrency = 1,
            Environment = new Dictionary<string, string>(props.Data.DatabaseSettings)
            {
                [ShopNames.Settings.OrderEventsQueueUrl] = OrderEvents.QueueUrl,
                [ShopNames.Settings.CheckoutStateMachineArn] = props.Checkout.StateMachineArn,
            },
        });
        props.Data.AdmitToDatabase(relay.Function, "Outbox relay to the database proxy");
        GrantPublish(relay.Function);
        props.Checkout.GrantStartExecution(relay.Function);
        // A scheduled run carries no data: one that waited or failed is not worth retrying, the next tick comes within a minute.
        relay.Function.ConfigureAsyncInvoke(new EventInvokeConfigOptions { RetryAttempts = 0, MaxEventAge = Duration.Minutes(1) });
        return relay;
    }

    private Rule CreateRelaySchedule() => new(this, "RelaySchedule", new RuleProps
    {
        Description = "Runs the order outbox relay",
        Schedule = Schedule.Rate(RelayInterval),
        Targets = [new LambdaFunction(Relay.Function, new LambdaFunctionProps { RetryAttempts = 0, MaxEventAge = Duration.Minutes(1) })],
    });

    private ShopFunction CreateNotifier(DataStack data)
    {
        var notifier = new ShopFunction(this, "NotifierFunction", new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = ShopNames.Handlers.NotifyOrderEvents,
            Timeout = NotifierTimeout,
            // The in-app inbox and the once-per-event records live in the table; no VPC needed.
            Environment = new Dictionary<string, string> { [ShopNames.Settings.TableName] = data.Table.TableName },
        });
        data.Table.GrantReadWriteData(notifier.Function);
        notifier.Function.AddEventSource(new SqsEventSource(OrderEvents, new SqsEventSourceProps
        {
            BatchSize = 10,
            // The handler names the events it could not handle; only those come back.
            ReportBatchItemFailures = true,
        }));
        return notifier;
    }
}
