using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.SQS;
using Shop.Core;
using Shop.Local.Functions;

namespace Shop.Local.Deploy;

/// <summary>Creates each resource type the local environment emulates.</summary>
public sealed class LocalResources(
    LocalAwsClients aws, LocalDatabase database, Func<FunctionDefinition, FunctionHost> startFunction, FunctionRegistry functions, Uri embeddedSearch, Action<string> log)
{
    private static readonly HashSet<string> StandIns =
    [
        "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::Logs::LogGroup", "AWS::Lambda::Permission",
        "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::Route",
        "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::EIP", "AWS::EC2::NatGateway",
        "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "AWS::EC2::VPCEndpoint",
        "AWS::RDS::DBSubnetGroup", "AWS::RDS::DBInstance", "AWS::RDS::DBClusterParameterGroup", "AWS::CDK::Metadata",
        // The proxy's target is the cluster, which is the local PostgreSQL already (see LocalDatabase.CreateProxy).
        "AWS::RDS::DBProxyTargetGroup",
        // Alarms watch metrics nothing local publishes; asynchronous invoke settings have no local queue to shape.
        "AWS::CloudWatch::Alarm", "AWS::Lambda::EventInvokeConfig",
        "AWS::ApiGatewayV2::Stage", "AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy", "Custom::LogRetention", "AWS::Logs::ResourcePolicy",
        // Images are served from the bucket through the edge locally (see ShopSettings), not a CDN.
        "AWS::CloudFront::Distribution", "AWS::CloudFront::OriginAccessControl", "AWS::CloudFront::CloudFrontOriginAccessIdentity",
    ];

    public async Task<DeployedResource> CreateAsync(ResourceContext resource, CancellationToken cancellationToken) => resource.Type switch
    {
        "AWS::DynamoDB::Table" => await CreateTableAsync(resource, cancellationToken),
        "AWS::SQS::Queue" => await CreateQueueAsync(resource, cancellationToken),
        "AWS::S3::Bucket" => await CreateBucketAsync(resource, cancellationToken),
        "AWS::SecretsManager::Secret" => await database.CreateSecretAsync(resource, cancellationToken),
        "AWS::SecretsManager::SecretTargetAttachment" => await database.AttachSecretAsync(resource, cancellationToken),
        "AWS::RDS::DBCluster" => await database.CreateClusterAsync(resource, cancellationToken),
        "AWS::RDS::DBProxy" => LocalDatabase.CreateProxy(resource),
        "AWS::StepFunctions::StateMachine" => await CreateStateMachineAsync(resource, cancellationToken),
        "AWS::Lambda::Function" => CreateFunction(resource),
        "AWS::Lambda::Version" => FunctionVersion(resource),
        "AWS::Lambda::EventSourceMapping" => AddEventSourceMapping(resource),
        "AWS::Events::Rule" => EventRules.Rule(resource, functions, log),
        "Custom::Trigger" => await RunTriggerAsync(resource, cancellationToken),
        "AWS::Cognito::UserPool" => await CognitoResources.UserPoolAsync(resource, aws, cancellationToken),
        "AWS::Cognito::UserPoolClient" => await CognitoResources.UserPoolClientAsync(resource, aws, cancellationToken),
        "AWS::Cognito::UserPoolGroup" => await CognitoResources.GroupAsync(resource, aws, cancellationToken),
        "AWS::OpenSearchService::Domain" => SearchDomain(resource),
        "AWS::ApiGatewayV2::Api" => HttpApiParts.Api(resource),
        "AWS::ApiGatewayV2::Integration" => HttpApiParts.Integration(resource),
        "AWS::ApiGatewayV2::Authorizer" => HttpApiParts.Authorizer(resource),
        "AWS::ApiGatewayV2::Route" => HttpApiParts.Route(resource),
        _ => StandIn(resource),
    };

    private async Task<DeployedResource> CreateTableAsync(ResourceContext resource, CancellationToken cancellationToken)
    {
        var p = resource.Properties;
        var name = resource.Property("TableName") ?? resource.PhysicalName(255);
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = KeySchema(p["KeySchema"]),
            AttributeDefinitions = (p["AttributeDefinitions"]?.AsArray() ?? [])
                .Select(a => new AttributeDefinition((string)a!["AttributeName"]!, new ScalarAttributeType((string)a["AttributeType"]!)))
                .ToList(),
            GlobalSecondaryIndexes = (p["GlobalSecondaryIndexes"]?.AsArray() ?? []).Select(i => new GlobalSecondaryIndex
            {
                IndexName = (string)i!["IndexName"]!,
                KeySchema = KeySchema(i["KeySchema"]),
                Projection = Projection(i["Projection"]),
            }).ToList(),
            LocalSecondaryIndexes = (p["LocalSecondaryIndexes"]?.AsArray() ?? []).Select(i => new LocalSecondaryIndex
            {
                IndexName = (string)i!["IndexName"]!,
                KeySchema = KeySchema(i["KeySchema"]),
                Projection = Projection(i["Projection"]),
            }).ToList(),
        };
        if (request.GlobalSecondaryIndexes.Count == 0) request.GlobalSecondaryIndexes = null;
        if (request.LocalSecondaryIndexes.Count == 0) request.LocalSecondaryIndexes = null;
        if (p["StreamSpecification"]?["StreamViewType"] is { } viewType)
        {
            request.StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = new StreamViewType((string)viewType!) };
        }

        var created = await aws.DynamoDb.CreateTableAsync(request, cancellationToken);
        if (p["TimeToLiveSpecification"] is JsonObject ttl && (bool?)ttl["Enabled"] == true)
        {
            await aws.DynamoDb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = name,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = (string)ttl["AttributeName"]!, Enabled = true },
            }, cancellationToken);
        }
        var attributes = new Dictionary<string, string> { ["Arn"] = created.TableDescription.TableArn };
        if (created.TableDescription.LatestStreamArn is { } streamArn)
        {
            attributes["StreamArn"] = streamArn;
        }
        return new DeployedResource(resource.Type, name, attributes);
    }

    private static List<KeySchemaElement> KeySchema(JsonNode? schema) =>
        (schema?.AsArray() ?? []).Select(k => new KeySchemaElement((string)k!["AttributeName"]!, new KeyType((string)k["KeyType"]!))).ToList();

    private static Projection Projection(JsonNode? projection) => new()
    {
        ProjectionType = new ProjectionType((string?)projection?["ProjectionType"] ?? "ALL"),
        NonKeyAttributes = projection?["NonKeyAttributes"]?.AsArray().Select(a => (string)a!).ToList(),
    };

    private async Task<DeployedResource> CreateQueueAsync(ResourceContext resource, CancellationToken cancellationToken)
    {
        var fifo = string.Equals(resource.Property("FifoQueue"), "true", StringComparison.OrdinalIgnoreCase);
        var name = resource.Property("QueueName") ?? (fifo ? resource.PhysicalName(75) + ".fifo" : resource.PhysicalName(80));
        var attributes = new Dictionary<string, string>();
        foreach (var (property, attribute) in new[]
        {
            ("VisibilityTimeout", "VisibilityTimeout"), ("MessageRetentionPeriod", "MessageRetentionPeriod"),
            ("DelaySeconds", "DelaySeconds"), ("ReceiveMessageWaitTimeSeconds", "ReceiveMessageWaitTimeSeconds"),
            ("FifoQueue", "FifoQueue"), ("ContentBasedDeduplication", "ContentBasedDeduplication"),
        })
        {
            if (resource.Property(property) is { } value)
            {
                attributes[attribute] = value.ToLowerInvariant() is "true" or "false" ? value.ToLowerInvariant() : value;
            }
        }
        if (resource.Properties["RedrivePolicy"] is JsonObject redrive)
        {
            attributes["RedrivePolicy"] = redrive.ToJsonString();
        }
        var created = await aws.Sqs.CreateQueueAsync(new Amazon.SQS.Model.CreateQueueRequest { QueueName = name, Attributes = attributes }, cancellationToken);
        var arn = $"arn:aws:sqs:{LocalAws.Region}:{LocalAws.AccountId}:{name}";
        return new DeployedResource(resource.Type, created.QueueUrl, new Dictionary<string, string>
        {
            ["Arn"] = arn,
            ["QueueName"] = name,
            ["QueueUrl"] = created.QueueUrl,
        });
    }

    private async Task<DeployedResource> CreateBucketAsync(ResourceContext resource, CancellationToken cancellationToken)
    {
        var name = resource.Property("BucketName") ?? resource.PhysicalName(63, lowercase: true);
        await aws.S3.PutBucketAsync(name, cancellationToken);
        if (resource.Properties["NotificationConfiguration"] is JsonObject notifications)
        {
            await NotifyQueuesAsync(name, notifications, cancellationToken);
        }
        return new DeployedResource(resource.Type, name, new Dictionary<string, string>
        {
            ["Arn"] = $"arn:aws:s3:::{name}",
            ["DomainName"] = $"{name}.s3.amazonaws.com",
            ["RegionalDomainName"] = $"{name}.s3.{LocalAws.Region}.amazonaws.com",
            ["WebsiteURL"] = $"http://{name}.s3-website-{LocalAws.Region}.amazonaws.com",
        });
    }

    /// <summary>
    /// The bucket's event notifications to SQS queues (moto sends them itself when an object is put).
    /// Lambda and SNS destinations and EventBridge are not used by the app and are reported, not emulated.
    /// </summary>
    private async Task NotifyQueuesAsync(string bucket, JsonObject notifications, CancellationToken cancellationToken)
    {
        var queues = (notifications["QueueConfigurations"]?.AsArray() ?? []).Select(q => new Amazon.S3.Model.QueueConfiguration
        {
            Queue = DeployedEnvironment.Text(q!["Queue"]),
            Events = [new Amazon.S3.EventType(DeployedEnvironment.Text(q["Event"]))],
            Filter = q["Filter"]?["S3Key"]?["Rules"] is JsonArray rules
                ? new Amazon.S3.Model.Filter
                {
                    S3KeyFilter = new Amazon.S3.Model.S3KeyFilter
                    {
                        FilterRules = rules.Select(r => new Amazon.S3.Model.FilterRule(DeployedEnvironment.Text(r!["Name"]), DeployedEnvironment.Text(r["Value"]))).ToList(),
                    },
                }
                : null,
        }).ToList();
        foreach (var other in new[] { "LambdaConfigurations", "TopicConfigurations", "EventBridgeConfiguration" }.Where(notifications.ContainsKey))
        {
            log($"not emulated locally: {other} of bucket {bucket}");
        }
        if (queues.Count > 0)
        {
            await aws.S3.PutBucketNotificationAsync(new Amazon.S3.Model.PutBucketNotificationRequest { BucketName = bucket, QueueConfigurations = queues }, cancellationToken);
        }
    }

    private async Task<DeployedResource> CreateStateMachineAsync(ResourceContext resource, CancellationToken cancellationToken)
    {
        var name = resource.Property("StateMachineName") ?? resource.PhysicalName(80);
        var definition = resource.Properties["DefinitionString"] is { } text
            ? DeployedEnvironment.Text(text)
            : resource.Properties["Definition"]!.ToJsonString();
        foreach (var (variable, value) in resource.Properties["DefinitionSubstitutions"] as JsonObject ?? [])
        {
            definition = definition.Replace("${" + variable + "}", DeployedEnvironment.Text(value), StringComparison.Ordinal);
        }
        var roleArn = resource.Property("RoleArn") ?? $"arn:aws:iam::{LocalAws.AccountId}:role/{name}";
        var arn = await aws.CreateStateMachineAsync(name, definition, roleArn, resource.Property("StateMachineType") ?? "STANDARD", cancellationToken);
        return new DeployedResource(resource.Type, arn, new Dictionary<string, string> { ["Arn"] = arn, ["Name"] = name });
    }

    private DeployedResource CreateFunction(ResourceContext resource)
    {
        var name = resource.Property("FunctionName") ?? resource.PhysicalName(64);
        var project = resource.Metadata?[ShopNames.ProjectMetadataKey] is { } projectNode ? (string)projectNode! : null;
        var arn = LocalAws.FunctionArn(name);
        var attributes = new Dictionary<string, string> { ["Arn"] = arn };
        if (project is null)
        {
            // Not one of ours: a CDK-provided helper such as the Node.js provider of Custom::Trigger,
            // which cannot run here. It is never started; RunTriggerAsync does its work instead.
            log($"skipping function {resource.LogicalId} in {resource.StackName}: no {ShopNames.ProjectMetadataKey} metadata");
            return new DeployedResource(resource.Type, name, attributes);
        }
        var environment = (resource.Properties["Environment"]?["Variables"] as JsonObject ?? [])
            .ToDictionary(v => v.Key, v => DeployedEnvironment.Text(v.Value), StringComparer.Ordinal);
        if (environment.ContainsKey(ShopNames.Settings.SearchEngine))
        {
            // A function told to use the OpenSearch domain uses the embedded engine that stands in for it.
            environment[ShopNames.Settings.SearchEngine] = ShopNames.SearchEngines.Embedded;
            environment[ShopNames.Settings.SearchEndpoint] = embeddedSearch.AbsoluteUri;
        }
        var definition = new FunctionDefinition(
            name,
            project,
            resource.Property("Handler") ?? throw new InvalidOperationException($"Function {resource.LogicalId} has no Handler."),
            environment,
            TimeSpan.FromSeconds(int.Parse(resource.Property("Timeout") ?? "3", CultureInfo.InvariantCulture)),
            int.Parse(resource.Property("MemorySize") ?? "128", CultureInfo.InvariantCulture));
        functions.Add(startFunction(definition));
        return new DeployedResource(resource.Type, name, attributes);
    }

    /// <summary>
    /// A published version. Locally every version runs the function as deployed; the version's ARN
    /// only carries the qualifier, as CloudFormation's Ref does, and resolves to the function.
    /// </summary>
    private static DeployedResource FunctionVersion(ResourceContext resource)
    {
        var function = resource.Property("FunctionName") ?? throw new InvalidOperationException($"Version {resource.LogicalId} names no function.");
        var arn = function.Contains(":function:", StringComparison.Ordinal) ? function : LocalAws.FunctionArn(function);
        var versionArn = $"{arn}:1";
        return new DeployedResource(resource.Type, versionArn, new Dictionary<string, string> { ["Version"] = "1", ["FunctionArn"] = versionArn });
    }

    /// <summary>
    /// CDK's Trigger. In AWS, CloudFormation hands it to CDK's Node.js provider, which invokes the
    /// function named by <c>HandlerArn</c> and fails the stack when it fails. Here the deployer does
    /// that itself (the provider function is never started): a RequestResponse trigger is invoked
    /// synchronously, with an empty event as the provider sends, within the trigger's timeout, and a
    /// function error fails the deployment with the function's message.
    /// </summary>
    private async Task<DeployedResource> RunTriggerAsync(ResourceContext resource, CancellationToken cancellationToken)
    {
        var handlerArn = resource.Property("HandlerArn") ?? throw new InvalidOperationException($"Trigger {resource.LogicalId} in {resource.StackName} has no HandlerArn.");
        var function = functions.Find(handlerArn)
            ?? throw new InvalidOperationException($"Trigger {resource.LogicalId} in {resource.StackName} invokes {handlerArn}, which is not one of the project's functions.");
        var described = $"trigger {resource.LogicalId} in {resource.StackName} ({function.Definition.Name}, {function.Definition.Handler})";
        var timeout = TimeSpan.FromMilliseconds(int.Parse(resource.Property("Timeout") ?? "120000", CultureInfo.InvariantCulture));
        var id = $"{resource.StackName}-{resource.LogicalId}-{Guid.NewGuid():N}";
        var emptyEvent = "{}"u8.ToArray();
        switch (resource.Property("InvocationType") ?? "RequestResponse")
        {
            case "DryRun":
                log($"{described}: dry run, not invoked");
                break;
            case "Event":
                // Nobody waits in AWS either: the deployment goes on, a failure only shows in the function's log.
                _ = function.InvokeAsync(emptyEvent).ContinueWith(
                    t => { if (t.IsCompletedSuccessfully && !t.Result.Succeeded) log($"{described} failed: {ErrorText(t.Result)}"); },
                    TaskScheduler.Default);
                log($"{described}: invoked asynchronously");
                break;
            default:
                log($"running {described}");
                InvocationResult result;
                try
                {
                    result = await function.InvokeAsync(emptyEvent).WaitAsync(timeout, cancellationToken);
                }
                catch (TimeoutException)
                {
                    throw new InvalidOperationException($"The {described} did not finish within {timeout.TotalSeconds:0.###} s.");
                }
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"The {described} failed: {ErrorText(result)}");
                }
                log($"{described} succeeded");
                break;
        }
        return new DeployedResource(resource.Type, id, new Dictionary<string, string>());
    }

    /// <summary>The error as CDK's provider reports it: the error message (and the trace when there is one), else the payload.</summary>
    private static string ErrorText(InvocationResult result)
    {
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(result.PayloadText) is JsonObject error)
            {
                var parts = new[] { (string?)error["errorType"], (string?)error["errorMessage"] }.Where(p => !string.IsNullOrEmpty(p));
                var text = string.Join(": ", parts);
                if (text.Length > 0)
                {
                    return text;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
        return result.PayloadText;
    }

    private static DeployedResource AddEventSourceMapping(ResourceContext resource)
    {
        var reportsFailures = (resource.Properties["FunctionResponseTypes"]?.AsArray() ?? [])
            .Any(t => (string?)t == "ReportBatchItemFailures");
        var mapping = new EventSourceMapping(
            resource.Property("FunctionName")!,
            resource.Property("EventSourceArn")!,
            int.Parse(resource.Property("BatchSize") ?? "10", CultureInfo.InvariantCulture),
            reportsFailures,
            resource.Property("StartingPosition") ?? "LATEST",
            TimeSpan.FromSeconds(int.Parse(resource.Property("MaximumBatchingWindowInSeconds") ?? "0", CultureInfo.InvariantCulture)),
            resource.Property("MaximumRetryAttempts") is { } retries ? int.Parse(retries, CultureInfo.InvariantCulture) : null);
        if (!string.Equals(resource.Property("Enabled"), "false", StringComparison.OrdinalIgnoreCase))
        {
            resource.Environment.EventSourceMappings.Add(mapping);
        }
        var id = Guid.NewGuid().ToString();
        return new DeployedResource(resource.Type, id, new Dictionary<string, string> { ["Id"] = id });
    }

    /// <summary>
    /// The edge's embedded engine stands in for the domain: its endpoint is the embedded service,
    /// and functions given the domain are pointed at that engine (see <see cref="CreateFunction"/>).
    /// </summary>
    private DeployedResource SearchDomain(ResourceContext resource)
    {
        var name = resource.Property("DomainName") ?? resource.PhysicalName(28);
        return new DeployedResource(resource.Type, name, new Dictionary<string, string>
        {
            ["Arn"] = $"arn:aws:es:{LocalAws.Region}:{LocalAws.AccountId}:domain/{name}",
            ["DomainArn"] = $"arn:aws:es:{LocalAws.Region}:{LocalAws.AccountId}:domain/{name}",
            ["DomainEndpoint"] = embeddedSearch.Authority + embeddedSearch.AbsolutePath.TrimEnd('/'),
            ["Id"] = name,
        });
    }

    private DeployedResource StandIn(ResourceContext resource)
    {
        if (!StandIns.Contains(resource.Type))
        {
            log($"not emulated locally: {resource.Type} {resource.LogicalId} in {resource.StackName}");
        }
        var id = resource.PhysicalName(64);
        if (resource.Type == "AWS::IAM::Role")
        {
            return new DeployedResource(resource.Type, id, new Dictionary<string, string>
            {
                ["Arn"] = $"arn:aws:iam::{LocalAws.AccountId}:role/{id}",
                ["RoleId"] = "AROA" + id.GetHashCode().ToString("X8"),
            });
        }
        var service = resource.Type.Split("::")[1].ToLowerInvariant();
        // Nothing local reads a stand-in's attributes beyond resolving them, so each answers with an ARN-like id.
        return new DeployedResource(resource.Type, id, new Dictionary<string, string>(), AnyAttribute: $"arn:aws:{service}:{LocalAws.Region}:{LocalAws.AccountId}:{id}");
    }
}
