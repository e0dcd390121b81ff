using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.Apigatewayv2;
using Amazon.CDK.AwsApigatewayv2Integrations;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Shop.Core;
using Shop.Infra.Constructs;

namespace Shop.Infra.Stacks;

public sealed class ApiStackProps : StackProps
{
    public required DataStack Data { get; init; }
    public required IStateMachine SampleStateMachine { get; init; }
}

/// <summary>The REST API: the HTTP API in front of the Api function.</summary>
public sealed class ApiStack : Stack
{
    public ShopFunction Api { get; }
    public HttpApi HttpApi { get; }

    public ApiStack(Construct scope, string id, ApiStackProps props) : base(scope, id, props)
    {
        Api = CreateFunction(props);
        Grant(props);
        HttpApi = new HttpApi(this, "HttpApi", new HttpApiProps
        {
            DefaultIntegration = new HttpLambdaIntegration("Api", Api.Function, new HttpLambdaIntegrationProps
            {
                PayloadFormatVersion = PayloadFormatVersion.VERSION_2_0,
            }),
        });
        _ = new CfnOutput(this, "ApiUrl", new CfnOutputProps { Value = HttpApi.Url!, Description = "Base URL of the Shop API" });
    }

    private ShopFunction CreateFunction(ApiStackProps props)
    {
        var database = props.Data.Database;
        return new ShopFunction(this, "Api", new ShopFunctionProps
        {
            Project = FunctionProjects.Api,
            Handler = ShopNames.Handlers.Api,
            Vpc = props.Data.Vpc,
            Environment = new Dictionary<string, string>
            {
                [ShopNames.Settings.TableName] = props.Data.Table.TableName,
                [ShopNames.Settings.DatabaseHost] = database.ClusterEndpoint.Hostname,
                // The endpoint's port, not a literal: the local environment maps the cluster to its own PostgreSQL port.
                [ShopNames.Settings.DatabasePort] = Token.AsString(database.ClusterEndpoint.Port),
                [ShopNames.Settings.DatabaseName] = DataStack.DatabaseName,
                [ShopNames.Settings.DatabaseSecretArn] = database.Secret!.SecretArn,
                [ShopNames.Settings.SampleStateMachineArn] = props.SampleStateMachine.StateMachineArn,
            },
        });
    }

    private void Grant(ApiStackProps props)
    {
        var function = Api.Function;
        props.Data.Table.GrantReadWriteData(function);
        props.Data.Database.Secret!.GrantRead(function);
        // Opening the port from the function's side keeps both rules in this stack; from the
        // database's side the rule would land in the data stack and the stacks would reference each other.
        function.Connections.AllowTo(props.Data.Database, Port.Tcp(DataStack.DatabasePort), "Api function to PostgreSQL");
        // The function's own outbound rule is redundant (it may reach anything); the database's ingress rule is what counts.
        Annotations.Of(function).AcknowledgeWarning("@aws-cdk/aws-ec2:ipv4IgnoreEgressRule", "Outbound is open; ingress on the database is the control.");
        props.SampleStateMachine.GrantStartExecution(function);
        props.SampleStateMachine.Grant(function, "states:DescribeStateMachine");
    }
}
