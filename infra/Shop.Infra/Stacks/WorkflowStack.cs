using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.StepFunctions;
using Constructs;
using Shop.Core;
using Shop.Infra.Constructs;

namespace Shop.Infra.Stacks;

public sealed class WorkflowStackProps : StackProps
{
    public required ITable Table { get; init; }
}

/// <summary>The state machines and the Workers function whose handlers are their steps.</summary>
public sealed class WorkflowStack : Stack
{
    /// <summary>The Workers binary running the sample handler: one Lambda function per handler, so each has only its own grants.</summary>
    public ShopFunction CountCategories { get; }
    public StateMachine SampleStateMachine { get; }

    public WorkflowStack(Construct scope, string id, WorkflowStackProps props) : base(scope, id, props)
    {
        CountCategories = new ShopFunction(this, "CountCategoriesFunction", new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = ShopNames.Handlers.SampleCountCategories,
            MemorySize = 256,
            Timeout = Duration.Seconds(30),
            Environment = new Dictionary<string, string> { [ShopNames.Settings.TableName] = props.Table.TableName },
        });
        props.Table.GrantReadData(CountCategories.Function);
        SampleStateMachine = CreateSample();
    }

    private StateMachine CreateSample() => new(this, "Sample", new StateMachineProps
    {
        StateMachineType = StateMachineType.STANDARD,
        DefinitionBody = DefinitionBody.FromChainable(
            WorkflowStates.Invoke(this, "CountCategories", CountCategories.Function)),
        TracingEnabled = true,
        Timeout = Duration.Minutes(5),
    });
}
