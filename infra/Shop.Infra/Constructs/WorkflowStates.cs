using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;

namespace Shop.Infra.Constructs;

/// <summary>Factories for the states Shop's state machines are made of, one per kind of step.</summary>
public static class WorkflowStates
{
    /// <summary>
    /// A task that invokes a Shop function with the state's input; the state's output is the
    /// handler's result (the Lambda envelope is stripped). Lambda service errors retry with backoff.
    /// </summary>
    public static LambdaInvoke Invoke(Construct scope, string stateName, IFunction function, Duration? timeout = null) =>
        new(scope, stateName, new LambdaInvokeProps
        {
            LambdaFunction = function,
            OutputPath = "$.Payload",
            RetryOnServiceExceptions = true,
            TaskTimeout = Amazon.CDK.AWS.StepFunctions.Timeout.Duration(timeout ?? Duration.Seconds(60)),
        });
}
