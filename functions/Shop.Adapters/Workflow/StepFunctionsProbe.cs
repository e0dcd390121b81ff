using Shop.Core.Health;
using Shop.Lambda.Aws.StepFunctions;

namespace Shop.Adapters.Workflow;

/// <summary>Step Functions answers for the state machine this function starts.</summary>
public sealed class StepFunctionsProbe(StepFunctionsClient stepFunctions, string stateMachineArn) : IDependencyProbe
{
    public string Name => "stepfunctions";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var machine = await stepFunctions.DescribeStateMachineAsync(stateMachineArn, cancellationToken);
        return machine.Status is null or "ACTIVE" ? null : throw new InvalidOperationException($"state machine is {machine.Status}");
    }
}
