namespace Shop.Core;

/// <summary>
/// Names shared by the function code, the CDK app and the local environment, kept in one place
/// so a handler or a setting cannot be renamed on one side only.
/// </summary>
public static class ShopNames
{
    /// <summary>Values of Lambda's <c>_HANDLER</c>: which handler a function binary runs.</summary>
    public static class Handlers
    {
        public const string Api = "api";
        public const string SampleCountCategories = "sample.count-categories";

        /// <summary>The search indexer: DynamoDB stream records of products in, index documents out.</summary>
        public const string IndexProducts = "search.index-products";

        /// <summary>Rebuilds the search index from the table (<c>./shop reindex</c>, or an invoke in AWS).</summary>
        public const string ReindexProducts = "search.reindex-products";

        /// <summary>Applies the order database's versioned SQL migrations (run at deploy, and by the local environment at start).</summary>
        public const string MigrateOrderDatabase = "orders.migrate-database";

        /// <summary>Publishes outbox rows: starts each placed order's checkout execution and sends every order event to the order-events queue.</summary>
        public const string RelayOrderOutbox = "orders.relay-outbox";

        /// <summary>Consumes the order-events queue: turns order events into members' in-app notifications, once per event.</summary>
        public const string NotifyOrderEvents = "notifications.order-events";

        /// <summary>Consumes the uploads queue: imports sellers' catalog files (S3 events) and continues large ones from their checkpoint.</summary>
        public const string ImportUploads = "uploads.import";

        /// <summary>Checkout saga tasks (the Checkout state machine's steps).</summary>
        public const string CheckoutReserveInventory = "checkout.reserve-inventory";
        public const string CheckoutAssessFraud = "checkout.assess-fraud";
        public const string CheckoutAuthorizePayment = "checkout.authorize-payment";
        public const string CheckoutAwaitCallback = "checkout.await-callback";
        public const string CheckoutConfirmOrder = "checkout.confirm-order";
        public const string CheckoutCreateShipment = "checkout.create-shipment";
        public const string CheckoutCapturePayment = "checkout.capture-payment";
        public const string CheckoutCompensate = "checkout.compensate";

        /// <summary>The scheduled sweep that cancels the orders of checkout holds past their expiry.</summary>
        public const string CheckoutExpireHolds = "checkout.expire-holds";
    }

    /// <summary>Environment variables the CDK app sets and the functions read at start.</summary>
    public static class Settings
    {
        public const string TableName = "SHOP_TABLE_NAME";
        public const string DatabaseHost = "SHOP_DB_HOST";
        public const string DatabasePort = "SHOP_DB_PORT";
        public const string DatabaseName = "SHOP_DB_NAME";
        public const string DatabaseSecretArn = "SHOP_DB_SECRET_ARN";
        public const string SampleStateMachineArn = "SHOP_SAMPLE_STATE_MACHINE_ARN";
        /// <summary>Which search engine the functions use: <c>opensearch</c> (AWS) or <c>embedded</c> (the local environment's Lucene index).</summary>
        public const string SearchEngine = "SHOP_SEARCH_ENGINE";

        /// <summary>The engine's base URL: the OpenSearch domain endpoint, or the local edge's embedded search service.</summary>
        public const string SearchEndpoint = "SHOP_SEARCH_ENDPOINT";
        public const string UserPoolId = "SHOP_USER_POOL_ID";
        public const string UserPoolClientId = "SHOP_USER_POOL_CLIENT_ID";
        public const string ImagesBucket = "SHOP_IMAGES_BUCKET";

        /// <summary>The CDN domain images are served from (CloudFront in front of the images bucket).</summary>
        public const string ImagesDomain = "SHOP_IMAGES_DOMAIN";

        /// <summary>The SQS queue order events (the outbox) are published to.</summary>
        public const string OrderEventsQueueUrl = "SHOP_ORDER_EVENTS_QUEUE_URL";

        /// <summary>The bucket sellers' catalog files are uploaded to (under <c>uploads/&lt;sellerId&gt;/</c>) and error reports written to.</summary>
        public const string UploadsBucket = "SHOP_UPLOADS_BUCKET";

        /// <summary>The queue S3 sends the uploads bucket's ObjectCreated events to; imports send their continuations there too.</summary>
        public const string UploadsQueueUrl = "SHOP_UPLOADS_QUEUE_URL";

        /// <summary>The uploads queue's receives before a message is parked in its dead-letter queue (its redrive policy's maxReceiveCount).</summary>
        public const string UploadsMaxReceives = "SHOP_UPLOADS_MAX_RECEIVES";

        /// <summary>The checkout saga's state machine; one execution per order, named by the order id.</summary>
        public const string CheckoutStateMachineArn = "SHOP_CHECKOUT_STATE_MACHINE_ARN";

        /// <summary>Which payment provider the functions use (<see cref="PaymentProviders"/>).</summary>
        public const string PaymentProvider = "SHOP_PAYMENT_PROVIDER";

        /// <summary>The Secrets Manager secret with the provider's keys, JSON <c>{"apiKey","webhookSecret"}</c> (stripe).</summary>
        public const string PaymentSecretArn = "SHOP_PAYMENT_SECRET_ARN";

        /// <summary>The sandbox's webhook signing secret: a local dummy, set in plain text, not a secret.</summary>
        public const string PaymentSandboxWebhookSecret = "SHOP_PAYMENT_SANDBOX_WEBHOOK_SECRET";

        /// <summary>
        /// <c>table</c> lets tests fail or delay checkout steps through fault plans in the table. Set only
        /// by the local environment; the CDK app never sets it (an infra test checks).
        /// </summary>
        public const string CheckoutFaults = "SHOP_CHECKOUT_FAULTS";

        /// <summary>Fraud scores at or above which an order is held for review / refused (defaults 40 / 80, docs/fraud.md).</summary>
        public const string FraudReviewAt = "SHOP_FRAUD_REVIEW_AT";

        public const string FraudRejectAt = "SHOP_FRAUD_REJECT_AT";
    }

    /// <summary>Values of <see cref="Settings.PaymentProvider"/>.</summary>
    public static class PaymentProviders
    {
        /// <summary>The sandbox standing in for a card network (local environment and tests): state in the table, DESIGN §8's test tokens.</summary>
        public const string Sandbox = "sandbox";

        /// <summary>Stripe's PaymentIntents API.</summary>
        public const string Stripe = "stripe";
    }

    /// <summary>Values of <see cref="Settings.SearchEngine"/>.</summary>
    public static class SearchEngines
    {
        public const string OpenSearch = "opensearch";
        public const string Embedded = "embedded";
    }

    /// <summary>The single table's key and index attribute names, shared by the CDK app and the adapters.</summary>
    public static class Table
    {
        public const string PartitionKey = "PK";
        public const string SortKey = "SK";
        public const string TimeToLive = "expiresAt";

        /// <summary>Every item of a product (the product, its variants) has a partition key starting so; the search indexer's stream filter matches it.</summary>
        public const string ProductPartitionPrefix = "PRODUCT#";
        public static readonly IReadOnlyList<string> GlobalIndexes = ["GSI1", "GSI2", "GSI3"];
    }

    /// <summary>CloudFormation metadata key on each function naming the project its binary is built from.</summary>
    public const string ProjectMetadataKey = "Shop:Project";
}
