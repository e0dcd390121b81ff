using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AwsApigatewayv2Authorizers;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Shop.Core;
using Shop.Infra.Constructs;
using HttpMethod = Amazon.CDK.AWS.Apigatewayv2.HttpMethod;

namespace Shop.Infra.Stacks;

public sealed class ApiStackProps : StackProps
{
    public required DataStack Data { get; init; }
    public required IdentityStack Identity { get; init; }
    public required SearchStack Search { get; init; }
    public required OrdersStack Orders { get; init; }

    /// <summary>The uploads bucket: the Api presigns sellers' file PUTs and report GETs.</summary>
    public required UploadsStack Uploads { get; init; }
    public required IStateMachine SampleStateMachine { get; init; }

    /// <summary>The checkout saga: the Api starts an order's execution right after the order commits.</summary>
    public required IStateMachine Checkout { get; init; }

    /// <summary>The payment provider's settings and grants (the Api cancels, completes payments and reads webhooks).</summary>
    public required WorkflowStack Workflow { get; init; }
}

/// <summary>The REST API: the HTTP API in front of the Api function.</summary>
public sealed class ApiStack : Stack
{
    /// <summary>
    /// The route families only signed-in users reach. API Gateway refuses a request to them without a
    /// valid access token of the storefront client before the Api runs; the Api checks the token (and
    /// the roles) again. Everything else, public routes and sign-in included, goes to <c>$default</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> SignedInPaths =
    [
        "/me", "/me/{proxy+}",
        "/seller/{proxy+}",
        "/fulfillment/{proxy+}",
        "/admin/{proxy+}",
        "/orders", "/orders/{proxy+}",
    ];

    /// <summary>What the Api does with the user pool on a user's behalf (registration, roles, blocking), and nothing else.</summary>
    public static readonly IReadOnlyList<string> UserPoolActions =
    [
        "cognito-idp:AdminConfirmSignUp",
        "cognito-idp:AdminAddUserToGroup",
        "cognito-idp:AdminRemoveUserFromGroup",
        "cognito-idp:AdminDisableUser",
        "cognito-idp:AdminEnableUser",
        "cognito-idp:AdminUserGlobalSignOut",
        "cognito-idp:AdminGetUser",
        "cognito-idp:AdminListGroupsForUser",
    ];

    public ShopFunction Api { get; }
    public HttpApi HttpApi { get; }

    public ApiStack(Construct scope, string id, ApiStackProps props) : base(scope, id, props)
    {
        Api = CreateFunction(props);
        Grant(props);
        HttpApi = CreateHttpApi(props.Identity);
        _ = new CfnOutput(this, "ApiUrl", new CfnOutputProps { Value = HttpApi.Url!, Description = "Base URL of the Shop API" });
        _ = new CfnOutput(this, "ApiRoleArn", new CfnOutputProps { Value = Api.Function.Role!.RoleArn, Description = "Map to the search reader role in OpenSearch" });
    }

    private ShopFunction CreateFunction(ApiStackProps props) => new(this, "Api", new ShopFunctionProps
    {
        Project = FunctionProjects.Api,
        Handler = ShopNames.Handlers.Api,
        Vpc = props.Data.Vpc,
        Environment = new Dictionary<string, string>(props.Data.DatabaseSettings)
        {
            [ShopNames.Settings.TableName] = props.Data.Table.TableName,
            [ShopNames.Settings.SampleStateMachineArn] = props.SampleStateMachine.StateMachineArn,
            [ShopNames.Settings.UserPoolId] = props.Identity.UserPool.UserPoolId,
            [ShopNames.Settings.UserPoolClientId] = props.Identity.StorefrontClient.UserPoolClientId,
            [ShopNames.Settings.ImagesBucket] = props.Data.ImagesBucket.BucketName,
            [ShopNames.Settings.ImagesDomain] = props.Data.ImagesCdn.DistributionDomainName,
            [ShopNames.Settings.SearchEngine] = props.Search.Settings[ShopNames.Settings.SearchEngine],
            [ShopNames.Settings.SearchEndpoint] = props.Search.Settings[ShopNames.Settings.SearchEndpoint],
            [ShopNames.Settings.OrderEventsQueueUrl] = props.Orders.Settings[ShopNames.Settings.OrderEventsQueueUrl],
            [ShopNames.Settings.CheckoutStateMachineArn] = props.Checkout.StateMachineArn,
            [ShopNames.Settings.UploadsBucket] = props.Uploads.Bucket.BucketName,
        }.Concat(props.Workflow.PaymentSettings).ToDictionary(),
    });

    private void Grant(ApiStackProps props)
    {
        var function = Api.Function;
        props.Data.Table.GrantReadWriteData(function);
        // Through the proxy only; the cluster admits nothing but the proxy.
        props.Data.AdmitToDatabase(function, "Api function to the database proxy");
        props.SampleStateMachine.GrantStartExecution(function);
        props.SampleStateMachine.Grant(function, "states:DescribeStateMachine");
        // The fast path of the outbox: right after an order commits, the Api starts its checkout
        // execution and publishes its event itself; the relay publishes whatever this misses.
        props.Checkout.GrantStartExecution(function);
        // Cancels, payment returns, webhooks, shipment events and reviews answer waiting checkout steps.
        props.Checkout.GrantTaskResponse(function);
        props.Workflow.GrantPayments(function, props.Data);
        props.Orders.GrantPublish(function);
        // A presigned URL carries the signer's permissions: the Api may only put objects, so an upload
        // URL can do nothing else (grantPut would add tagging, retention and legal hold).
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:PutObject"],
            Resources = [props.Data.ImagesBucket.ArnForObjects("*")],
        }));
        props.Uploads.GrantPresign(function);
        props.Identity.UserPool.Grant(function, [.. UserPoolActions]);
        // Search and suggest only: no PUT or DELETE, so the Api cannot change the index even if
        // OpenSearch's own role mapping were too wide.
        props.Search.Admit(function, SearchStack.ReadActions, "Api function to OpenSearch");
    }

    private HttpApi CreateHttpApi(IdentityStack identity)
    {
        var integration = new HttpLambdaIntegration("Api", Api.Function, new HttpLambdaIntegrationProps
        {
            PayloadFormatVersion = PayloadFormatVersion.VERSION_2_0,
        });
        var api = new HttpApi(this, "HttpApi", new HttpApiProps
        {
            DefaultIntegration = integration,
            CorsPreflight = new CorsPreflightOptions
            {
                // Bearer tokens, not cookies: any origin may call, and credentials stay off.
                AllowOrigins = ["*"],
                AllowMethods = [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.DELETE],
                // x-cart-secret: a guest proves that a cart is theirs with the secret it was created with.
                AllowHeaders = ["authorization", "content-type", "idempotency-key", "x-cart-secret", "x-correlation-id"],
                ExposeHeaders = ["location", "x-correlation-id"],
                MaxAge = Duration.Hours(1),
            },
        });
        // Access tokens carry no "aud"; API Gateway then matches the audience against their client_id.
        var authorizer = new HttpUserPoolAuthorizer("SignedIn", identity.UserPool, new HttpUserPoolAuthorizerProps
        {
            AuthorizerName = "cognito-user-pool",
            UserPoolClients = [identity.StorefrontClient],
        });
        foreach (var path in SignedInPaths)
        {
            // No OPTIONS twins: with CORS configured, API Gateway answers preflights itself, before any route or authorizer.
            api.AddRoutes(new AddRoutesOptions { Path = path, Methods = [HttpMethod.ANY], Integration = integration, Authorizer = authorizer });
        }
        return api;
    }
}
