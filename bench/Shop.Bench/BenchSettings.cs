using Shop.Core;

namespace Shop.Bench;

/// <summary>
/// Settings the Api validates at init, with values that pass validation and lead nowhere: the
/// measured route does no I/O, and any AWS call that did happen would reach 127.0.0.1, never AWS.
/// </summary>
internal static class BenchSettings
{
    public const string Region = "us-east-1";

    public static Dictionary<string, string> Platform(string awsEndpoint) => new(StringComparer.Ordinal)
    {
        ["AWS_REGION"] = Region,
        ["AWS_DEFAULT_REGION"] = Region,
        ["AWS_ACCESS_KEY_ID"] = "AKIDBENCHONLY",
        ["AWS_SECRET_ACCESS_KEY"] = "bench-only-not-a-secret",
        ["AWS_ENDPOINT_URL"] = awsEndpoint,
        ["AWS_LAMBDA_LOG_FORMAT"] = "JSON",
        // The embedded engine's client, pointed at the same dead end as AWS: the measured route never searches.
        [ShopNames.Settings.SearchEngine] = ShopNames.SearchEngines.Embedded,
        [ShopNames.Settings.SearchEndpoint] = awsEndpoint,
    };

    public static Dictionary<string, string> Api() => new(StringComparer.Ordinal)
    {
        [ShopNames.Settings.TableName] = "shop-bench",
        [ShopNames.Settings.DatabaseHost] = "127.0.0.1",
        [ShopNames.Settings.DatabasePort] = "5432",
        [ShopNames.Settings.DatabaseName] = "shop",
        [ShopNames.Settings.DatabaseSecretArn] = $"arn:aws:secretsmanager:{Region}:000000000000:secret:shop-bench-db",
        [ShopNames.Settings.SampleStateMachineArn] = $"arn:aws:states:{Region}:000000000000:stateMachine:shop-bench",
        [ShopNames.Settings.CheckoutStateMachineArn] = $"arn:aws:states:{Region}:000000000000:stateMachine:shop-bench-checkout",
        [ShopNames.Settings.OrderEventsQueueUrl] = "http://127.0.0.1:1/000000000000/shop-bench-order-events",
    };
}
