using System.Globalization;
using Shop.Adapters.Storage;
using Shop.Core;
using Shop.Core.Fraud;
using Shop.Lambda.Aws;

namespace Shop.Adapters.Configuration;

/// <summary>Where the database is and which secret holds its credentials.</summary>
public sealed record DatabaseSettings(string Host, int Port, string Name, string SecretArn);

/// <summary>The search engine (<see cref="ShopNames.SearchEngines"/>) and its base URL.</summary>
public sealed record SearchSettings(string Engine, Uri Endpoint);

/// <summary>
/// The payment provider (<see cref="ShopNames.PaymentProviders"/>): Stripe's keys are in the secret
/// <see cref="SecretArn"/>; the sandbox signs its webhooks with <see cref="SandboxWebhookSecret"/>.
/// </summary>
public sealed record PaymentSettings(string Provider, string? SecretArn, string? SandboxWebhookSecret)
{
    public override string ToString() =>
        $"PaymentSettings {{ Provider = {Provider}, SecretArn = {SecretArn}, SandboxWebhookSecret = {(SandboxWebhookSecret is null ? "" : "(set)")} }}";
}

/// <summary>
/// A function's settings, read once at start from its environment (the CDK app sets them).
/// Each function asks for what it uses; a missing or malformed one stops it at start, by name.
/// </summary>
public sealed class ShopSettings(Func<string, string?> environment)
{
    public string TableName => Required(ShopNames.Settings.TableName);

    public DatabaseSettings Database => new(
        Required(ShopNames.Settings.DatabaseHost),
        RequiredPort(ShopNames.Settings.DatabasePort),
        Required(ShopNames.Settings.DatabaseName),
        Required(ShopNames.Settings.DatabaseSecretArn));

    public string SampleStateMachineArn => Required(ShopNames.Settings.SampleStateMachineArn);

    public string CheckoutStateMachineArn => Required(ShopNames.Settings.CheckoutStateMachineArn);

    public string OrderEventsQueueUrl
    {
        get
        {
            var url = Required(ShopNames.Settings.OrderEventsQueueUrl);
            return Uri.TryCreate(url, UriKind.Absolute, out _) ? url : throw Invalid(ShopNames.Settings.OrderEventsQueueUrl, url, "an absolute URL");
        }
    }

    /// <summary>The payment provider and what it needs: the secret's ARN for stripe, the webhook secret for the sandbox.</summary>
    public PaymentSettings Payments
    {
        get
        {
            var provider = Required(ShopNames.Settings.PaymentProvider);
            return provider switch
            {
                ShopNames.PaymentProviders.Sandbox => new PaymentSettings(provider, null, Required(ShopNames.Settings.PaymentSandboxWebhookSecret)),
                ShopNames.PaymentProviders.Stripe => new PaymentSettings(provider, Required(ShopNames.Settings.PaymentSecretArn), null),
                _ => throw Invalid(ShopNames.Settings.PaymentProvider, provider, $"{ShopNames.PaymentProviders.Sandbox} or {ShopNames.PaymentProviders.Stripe}"),
            };
        }
    }

    public string UserPoolId => Required(ShopNames.Settings.UserPoolId);

    public string UserPoolClientId => Required(ShopNames.Settings.UserPoolClientId);

    public string ImagesBucket => Required(ShopNames.Settings.ImagesBucket);

    /// <summary>
    /// Where product images are uploaded and served from. In AWS uploads are presigned for the
    /// bucket's own S3 URL and shoppers load images from the CDN (<c>SHOP_IMAGES_DOMAIN</c>). With an
    /// endpoint override (the local edge) there is no CDN: both are the bucket's path-style URL on
    /// that endpoint, <c>&lt;endpoint&gt;/&lt;bucket&gt;/&lt;key&gt;</c>.
    /// </summary>
    public ImageLocations Images
    {
        get
        {
            var bucket = ImagesBucket;
            var s3 = AwsEndpoints.Resolve("S3", "s3", Region, environment);
            if (s3.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal) || s3.Host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal))
            {
                var domain = Required(ShopNames.Settings.ImagesDomain);
                return new ImageLocations(new Uri($"https://{bucket}.{s3.Host}/"), new Uri($"https://{domain}/"));
            }
            var pathStyle = new Uri(s3, bucket + "/");
            return new ImageLocations(pathStyle, pathStyle);
        }
    }

    public string UploadsBucket => Required(ShopNames.Settings.UploadsBucket);

    /// <summary>The uploads bucket's URL that files and reports are presigned for: virtual-hosted in AWS, path-style on an endpoint override (the local edge).</summary>
    public Uri UploadsBucketUrl
    {
        get
        {
            var bucket = UploadsBucket;
            var s3 = AwsEndpoints.Resolve("S3", "s3", Region, environment);
            return s3.Host.EndsWith(".amazonaws.com", StringComparison.Ordinal) || s3.Host.EndsWith(".amazonaws.com.cn", StringComparison.Ordinal)
                ? new Uri($"https://{bucket}.{s3.Host}/")
                : new Uri(s3, bucket + "/");
        }
    }

    /// <summary>The uploads queue: S3's events arrive there, and an import hands the rest of a large file on through it.</summary>
    public string UploadsQueueUrl
    {
        get
        {
            var url = Required(ShopNames.Settings.UploadsQueueUrl);
            return Uri.TryCreate(url, UriKind.Absolute, out _) ? url : throw Invalid(ShopNames.Settings.UploadsQueueUrl, url, "an absolute URL");
        }
    }

    /// <summary>The uploads queue's maximum receives: the importer gives an upload up on the last one.</summary>
    public int UploadsMaxReceives
    {
        get
        {
            var value = Required(ShopNames.Settings.UploadsMaxReceives);
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var receives) && receives is >= 1 and <= 1000
                ? receives
                : throw Invalid(ShopNames.Settings.UploadsMaxReceives, value, "a count from 1 to 1000 (SQS's maxReceiveCount)");
        }
    }

    /// <summary>Which search engine the function uses and where it answers.</summary>
    public SearchSettings Search
    {
        get
        {
            var engine = Required(ShopNames.Settings.SearchEngine);
            if (engine is not (ShopNames.SearchEngines.OpenSearch or ShopNames.SearchEngines.Embedded))
            {
                throw Invalid(ShopNames.Settings.SearchEngine, engine, $"{ShopNames.SearchEngines.OpenSearch} or {ShopNames.SearchEngines.Embedded}");
            }
            var endpoint = Required(ShopNames.Settings.SearchEndpoint);
            return Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? new SearchSettings(engine, uri)
                : throw Invalid(ShopNames.Settings.SearchEndpoint, endpoint, "an absolute http(s) URL");
        }
    }

    /// <summary>Whether checkout steps read tests' fault plans (local and test configuration only).</summary>
    public bool CheckoutFaults => Optional(ShopNames.Settings.CheckoutFaults) switch
    {
        null => false,
        "table" => true,
        var other => throw Invalid(ShopNames.Settings.CheckoutFaults, other, "table, or unset"),
    };

    /// <summary>
    /// The fraud check's thresholds: the defaults, with the review and reject scores from the
    /// environment when set. With the sandbox provider the token rules are off: its test tokens are
    /// scenario names every shopper shares, not cards, so they would fire on every order.
    /// </summary>
    public FraudThresholds Fraud
    {
        get
        {
            var thresholds = FraudThresholds.Default;
            if (Optional(ShopNames.Settings.FraudReviewAt) is { } review)
            {
                thresholds = thresholds with { ReviewAt = Score(ShopNames.Settings.FraudReviewAt, review) };
            }
            if (Optional(ShopNames.Settings.FraudRejectAt) is { } reject)
            {
                thresholds = thresholds with { RejectAt = Score(ShopNames.Settings.FraudRejectAt, reject) };
            }
            if (Optional(ShopNames.Settings.PaymentProvider) == ShopNames.PaymentProviders.Sandbox)
            {
                thresholds = thresholds with { TokenVelocityPoints = 0, TokenSharedByMembersPoints = 0 };
            }
            return thresholds;
        }
    }

    private int Score(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var score) && score is >= 1 and <= 100
            ? score
            : throw Invalid(name, value, "a score from 1 to 100");

    public string Region => Optional("AWS_REGION") ?? Optional("AWS_DEFAULT_REGION") ?? throw Missing("AWS_REGION");

    public Func<string, string?> Environment => environment;

    /// <summary>Reads every setting a function needs at once and fails naming all that are missing or malformed.</summary>
    public ShopSettings Require(params Func<ShopSettings, object?>[] settings)
    {
        var problems = new List<string>();
        foreach (var read in settings)
        {
            try
            {
                read(this);
            }
            catch (InvalidOperationException error)
            {
                problems.Add(error.Message);
            }
        }
        return problems.Count == 0 ? this : throw new InvalidOperationException(string.Join(" ", problems));
    }

    private string? Optional(string name) => environment(name) is { Length: > 0 } value ? value : null;

    private string Required(string name) => Optional(name) ?? throw Missing(name);

    private int RequiredPort(string name)
    {
        var value = Required(name);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw Invalid(name, value, "a port number");
    }

    private static InvalidOperationException Missing(string name) =>
        new($"Setting {name} is missing: the function's environment must define it (the CDK app sets it).");

    private static InvalidOperationException Invalid(string name, string value, string expected) =>
        new($"Setting {name} is '{value}', which is not {expected}.");
}
