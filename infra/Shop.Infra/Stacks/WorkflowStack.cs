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

    /// <summary>
    /// The checkout saga: one Standard execution per order, named by the order id and started by the
    /// Api right after the order commits (the outbox relay is the safety net).
    /// </summary>
    public StateMachine Checkout { get; }

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
        Checkout = CreateCheckout();
    }

    private StateMachine CreateSample() => new(this, "Sample", new StateMachineProps
    {
        StateMachineType = StateMachineType.STANDARD,
        DefinitionBody = DefinitionBody.FromChainable(
            WorkflowStates.Invoke(this, "CountCategories", CountCategories.Function)),
        TracingEnabled = true,
        Timeout = Duration.Minutes(5),
    });

    // A placeholder until the checkout-saga issue adds the steps (reserve, fraud check, authorize,
    // confirm, ship, capture, compensations). It exists now so that orders can start their executions,
    // with the name and input the saga will keep, and the Api and relay hold their grants on its ARN.
    private StateMachine CreateCheckout() => new(this, "Checkout", new StateMachineProps
    {
        StateMachineType = StateMachineType.STANDARD,
        DefinitionBody = DefinitionBody.FromChainable(
            new Pass(this, "OrderPlaced", new PassProps { Comment = "Records the placed order (the execution's input); the saga's steps replace it." })
                .Next(new Succeed(this, "CheckoutDone"))),
        TracingEnabled = true,
        // Long enough for a payment that waits for the customer (3-D Secure); the saga sets its own
        // bound once it knows how long a bank transfer may wait.
        Timeout = Duration.Days(1),
    });
}
