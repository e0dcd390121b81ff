using System.Text.Json;
using System.Text.Json.Serialization;
using Shop.Core.Checkout;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.StepFunctions;

namespace Shop.Adapters.Workflow;

/// <summary>
/// Answers a waiting checkout step through Step Functions. A token whose task is over (it timed
/// out, or its execution ended) is refused by Step Functions; nothing waits for the answer then,
/// so the refusal is not an error of the caller's.
/// </summary>
public sealed class StepFunctionsCheckoutSignals(StepFunctionsClient stepFunctions) : ICheckoutSignals
{
    private static readonly HashSet<string> TaskOver = new(StringComparer.Ordinal) { "TaskTimedOut", "TaskDoesNotExist", "InvalidToken" };

    public async Task SucceedAsync(string taskToken, CallbackOutcome outcome, CancellationToken cancellationToken)
    {
        try
        {
            await stepFunctions.SendTaskSuccessAsync(taskToken, JsonSerializer.Serialize(outcome, CheckoutSignalJsonContext.Default.CallbackOutcome), cancellationToken);
        }
        catch (AwsServiceException exception) when (TaskOver.Contains(exception.ErrorCode))
        {
        }
    }

    public async Task FailAsync(string taskToken, string error, string cause, CancellationToken cancellationToken)
    {
        try
        {
            await stepFunctions.SendTaskFailureAsync(taskToken, error, cause, cancellationToken);
        }
        catch (AwsServiceException exception) when (TaskOver.Contains(exception.ErrorCode))
        {
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CallbackOutcome))]
internal sealed partial class CheckoutSignalJsonContext : JsonSerializerContext;
