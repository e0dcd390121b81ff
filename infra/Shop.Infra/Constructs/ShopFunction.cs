using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using Constructs;
using Shop.Core;

namespace Shop.Infra.Constructs;

public sealed record ShopFunctionProps
{
    /// <summary>The function project under functions/, e.g. <c>Shop.Api</c>; its AOT binary becomes the code.</summary>
    public required string Project { get; init; }

    /// <summary>One of <see cref="ShopNames.Handlers"/>; Lambda passes it to the binary as <c>_HANDLER</c>.</summary>
    public required string Handler { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public int MemorySize { get; init; } = 512;

    public Duration Timeout { get; init; } = Duration.Seconds(15);

    /// <summary>When set, the function runs in the VPC's private subnets that have a route out (NAT).</summary>
    public IVpc? Vpc { get; init; }

    /// <summary>Async invokers (S3, EventBridge, SNS) drop an event after the retries; give those a dead-letter queue.</summary>
    public bool InvokedAsynchronously { get; init; }

    /// <summary>
    /// Caps the function's concurrency, for the rare function that must not run beside itself (the
    /// outbox relay). Unset for everything else: a reservation carves capacity out of the account
    /// pool and caps the function; throttling belongs at the API.
    /// </summary>
    public int? ReservedConcurrency { get; init; }
}

/// <summary>
/// A Lambda function running a Shop binary: every default a Shop function shares lives here, so a
/// stack only says which project, which handler, which settings and which grants.
/// </summary>
public sealed class ShopFunction : Construct
{
    // The AOT binary is built on this x64 machine; arm64 needs a cross linker (decision log, 2026-11-23).
    public static readonly Architecture Architecture = Architecture.X86_64;

    public Function Function { get; }

    public IQueue? DeadLetterQueue { get; }

    public ShopFunction(Construct scope, string id, ShopFunctionProps props) : base(scope, id)
    {
        DeadLetterQueue = props.InvokedAsynchronously ? CreateDeadLetterQueue(this, "DeadLetters") : null;
        Function = new Function(this, "Function", new FunctionProps
        {
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture,
            Handler = props.Handler,
            Code = CodeFor(props.Project),
            MemorySize = props.MemorySize,
            Timeout = props.Timeout,
            Environment = props.Environment.ToDictionary(),
            LogGroup = new LogGroup(this, "Logs", new LogGroupProps
            {
                Retention = RetentionDays.ONE_MONTH,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
            LoggingFormat = LoggingFormat.JSON,
            Tracing = Tracing.ACTIVE,
            ReservedConcurrentExecutions = props.ReservedConcurrency,
            Vpc = props.Vpc,
            VpcSubnets = props.Vpc is null ? null : new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
            DeadLetterQueue = DeadLetterQueue,
        });
        ((CfnFunction)Function.Node.DefaultChild!).AddMetadata(ShopNames.ProjectMetadataKey, props.Project);
    }

    /// <summary>
    /// A queue for what a function could not process: encrypted, TLS only, kept 14 days (SQS's
    /// longest) so someone can look before it is gone. Async invokes and stream mappings both use it.
    /// </summary>
    public static Queue CreateDeadLetterQueue(Construct scope, string id) => new(scope, id, new QueueProps
    {
        RetentionPeriod = Duration.Days(14),
        Encryption = QueueEncryption.SQS_MANAGED,
        EnforceSSL = true,
    });

    private static Code CodeFor(string project) =>
        Code.FromAsset(RepositoryPaths.Functions, new Amazon.CDK.AWS.S3.Assets.AssetOptions
        {
            // Hashing the sources (not the output) lets a skipped-bundling synth and a real one agree,
            // and lets CDK reuse a bundle whose sources have not changed.
            AssetHash = SourceHash(RepositoryPaths.Functions, project),
            AssetHashType = AssetHashType.CUSTOM,
            Bundling = new BundlingOptions
            {
                // CDK requires an image; it is never pulled, because local bundling always succeeds or throws.
                Image = DockerImage.FromRegistry("scratch"),
                Local = new DotnetAotBundling(project),
                OutputType = BundlingOutput.NOT_ARCHIVED,
            },
        });

    /// <summary>
    /// The asset hash: the function sources without build output, plus the project, since one source
    /// tree builds every function and each must still get its own asset.
    /// </summary>
    public static string SourceHash(string functionsDirectory, string project) =>
        Amazon.CDK.FileSystem.Fingerprint(functionsDirectory, new FingerprintOptions
        {
            Exclude = ["**/bin", "**/obj", "**/artifacts"],
            ExtraHash = $"{project}|{DotnetAotBundling.RuntimeIdentifier}",
        });
}
