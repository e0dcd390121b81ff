using System.Text.Json.Nodes;
using Amazon.CDK;
using Constructs;
using Shop.Core;
using Shop.Core.Uploads;
using Shop.Infra.Stacks;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class UploadsStackTests(ShopApp app)
{
    private readonly TemplateJson json = new(app.Uploads);

    private JsonNode BucketProperties => json.Resource(LogicalId(app.Stacks.Uploads.Bucket))["Properties"]!;

    private string LogicalId(IConstruct construct) => app.Stacks.Uploads.GetLogicalId((CfnElement)construct.Node.DefaultChild!);

    [Fact]
    public void BlocksPublicAccessAndEncrypts_WhenTheBucketIsCreated()
    {
        var block = BucketProperties["PublicAccessBlockConfiguration"]!;
        Assert.All(new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" }, p => Assert.True((bool)block[p]!));
        Assert.Equal("AES256", (string?)BucketProperties["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]);
    }

    [Fact]
    public void ExpiresRawUploadsAndReports_WhenLifecycleIsConfigured()
    {
        var rules = BucketProperties["LifecycleConfiguration"]!["Rules"]!.AsArray().ToDictionary(r => (string)r!["Prefix"]!, r => (int?)r!["ExpirationInDays"]);
        Assert.Equal(7, rules[UploadKeys.UploadsPrefix]);
        Assert.Equal(30, rules[UploadKeys.ReportsPrefix]);
    }

    [Fact]
    public void SendsOnlySellersFilesToTheQueue_WhenObjectsAreCreated()
    {
        var queue = BucketProperties["NotificationConfiguration"]!["QueueConfigurations"]!.AsArray().Single()!;
        Assert.Equal("s3:ObjectCreated:*", (string?)queue["Event"]);
        Assert.Equal(LogicalId(app.Stacks.Uploads.Events), (string?)queue["Queue"]!["Fn::GetAtt"]![0]);
        var rule = queue["Filter"]!["S3Key"]!["Rules"]!.AsArray().Single()!;
        Assert.Equal(("prefix", UploadKeys.UploadsPrefix), ((string?)rule["Name"], (string?)rule["Value"]));
        // S3 checks its permission to send when the configuration is put: the queue policy comes first.
        var queuePolicy = json.Resources("AWS::SQS::QueuePolicy").Single(p => p.Resource["Properties"]!["Queues"]!.ToJsonString().Contains(LogicalId(app.Stacks.Uploads.Events), StringComparison.Ordinal));
        Assert.Contains(queuePolicy.LogicalId,
            json.Resource(LogicalId(app.Stacks.Uploads.Bucket))["DependsOn"]!.AsArray().Select(d => (string?)d));
    }

    [Fact]
    public void ParksRepeatedFailuresAndAlarms_WhenTheQueueIsCreated()
    {
        var queue = json.Resource(LogicalId(app.Stacks.Uploads.Events))["Properties"]!;
        Assert.Equal(UploadsStack.MaxReceiveCount, (int?)queue["RedrivePolicy"]!["maxReceiveCount"]);
        Assert.Equal(LogicalId(app.Stacks.Uploads.DeadLetters), (string?)queue["RedrivePolicy"]!["deadLetterTargetArn"]!["Fn::GetAtt"]![0]);
        var alarm = json.Resources("AWS::CloudWatch::Alarm").Single().Resource["Properties"]!;
        Assert.Equal("ApproximateNumberOfMessagesVisible", (string?)alarm["MetricName"]);
        Assert.Equal(LogicalId(app.Stacks.Uploads.DeadLetters), (string?)alarm["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]);
    }

    [Fact]
    public void TellsTheImporterTheQueuesMaxReceives_WhenTheFunctionIsCreated()
    {
        var (_, importer) = json.FunctionWithHandler(ShopNames.Handlers.ImportUploads);
        var variables = importer["Properties"]!["Environment"]!["Variables"]!;
        var queue = json.Resource(LogicalId(app.Stacks.Uploads.Events))["Properties"]!;
        Assert.Equal((int?)queue["RedrivePolicy"]!["maxReceiveCount"], int.Parse((string)variables[ShopNames.Settings.UploadsMaxReceives]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ReportsBatchItemFailures_WhenTheImporterConsumesTheQueue()
    {
        var (importer, _) = json.FunctionWithHandler(ShopNames.Handlers.ImportUploads);
        var mapping = json.Resources("AWS::Lambda::EventSourceMapping").Single().Resource["Properties"]!;
        Assert.Equal(importer, (string?)mapping["FunctionName"]!["Ref"]);
        Assert.Equal(["ReportBatchItemFailures"], mapping["FunctionResponseTypes"]!.AsArray().Select(t => (string?)t));
    }
}
