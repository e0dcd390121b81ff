using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.Cognito;
using Shop.Lambda.Aws.SecretsManager;
using Shop.Lambda.Aws.StepFunctions;

namespace Shop.Local;

/// <summary>Clients for the emulated services, talking to moto directly with the dummy local credentials.</summary>
public sealed class LocalAwsClients : IAsyncDisposable
{
    private static readonly StaticCredentialsProvider Credentials = new(new AwsCredentials(LocalAws.AccessKeyId, LocalAws.SecretAccessKey));
    private static readonly JsonTypeInfo<JsonObject> JsonObjectType =
        (JsonTypeInfo<JsonObject>)System.Text.Json.JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonObject));

    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    public LocalAwsClients(Uri endpoint)
    {
        Endpoint = endpoint;
        var credentials = new BasicAWSCredentials(LocalAws.AccessKeyId, LocalAws.SecretAccessKey);
        DynamoDb = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = LocalAws.Region });
        S3 = new AmazonS3Client(credentials, new AmazonS3Config { ServiceURL = endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = LocalAws.Region });
        Sqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = LocalAws.Region });
        StepFunctions = new StepFunctionsClient(_http, endpoint, LocalAws.Region, Credentials);
        SecretsManager = new SecretsManagerClient(_http, endpoint, LocalAws.Region, Credentials);
        DynamoDbStreams = new AwsJsonClient(_http, endpoint, LocalAws.Region, new AwsJsonService("dynamodb", "DynamoDBStreams_20120810", "1.0"), Credentials);
        Cognito = new CognitoIdentityProviderClient(_http, endpoint, LocalAws.Region, Credentials);
        _cognitoJson = new AwsJsonClient(_http, endpoint, LocalAws.Region, CognitoIdentityProviderClient.Service, Credentials);
    }

    public Uri Endpoint { get; }
    public IAmazonDynamoDB DynamoDb { get; }
    public IAmazonS3 S3 { get; }
    public IAmazonSQS Sqs { get; }
    public StepFunctionsClient StepFunctions { get; }
    public SecretsManagerClient SecretsManager { get; }
    public CognitoIdentityProviderClient Cognito { get; }

    private readonly AwsJsonClient _cognitoJson;

    /// <summary>Cognito calls in their wire JSON, for creating what a template describes property by property.</summary>
    public Task<JsonObject> CognitoAsync(string operation, JsonObject request, CancellationToken cancellationToken) =>
        _cognitoJson.SendAsync(operation, request, JsonObjectType, JsonObjectType, cancellationToken);

    /// <summary>DynamoDB Streams in its wire JSON, which is exactly what a stream event record carries.</summary>
    public AwsJsonClient DynamoDbStreams { get; }

    public Task<JsonObject> StreamsAsync(string operation, JsonObject request, CancellationToken cancellationToken) =>
        DynamoDbStreams.SendAsync(operation, request, JsonObjectType, JsonObjectType, cancellationToken);

    public async Task<string> CreateStateMachineAsync(string name, string definition, string roleArn, string type, CancellationToken cancellationToken)
    {
        var created = await StepFunctions.CreateStateMachineAsync(new CreateStateMachineRequest(name, definition, roleArn, type), cancellationToken);
        return created.StateMachineArn;
    }

    public ValueTask DisposeAsync()
    {
        DynamoDb.Dispose();
        S3.Dispose();
        Sqs.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
