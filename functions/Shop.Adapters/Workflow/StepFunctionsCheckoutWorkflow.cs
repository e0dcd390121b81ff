using System.Text.Json;
using Shop.Core.Orders;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.StepFunctions;

namespace Shop.Adapters.Workflow;

/// <summary>
/// Starts the checkout state machine for an order, the execution named by the order id. Step
/// Functions refuses a second execution of one name (ExecutionAlreadyExists) for 90 days, so a
/// relay that publishes an OrderPlaced twice still starts one execution; the refusal means done.
/// </summary>
public sealed class StepFunctionsCheckoutWorkflow(StepFunctionsClient stepFunctions, string stateMachineArn) : ICheckoutWorkflow
{
    public async Task StartAsync(string orderId, CancellationToken cancellationToken)
    {
        var input = new Dictionary<string, string> { ["orderId"] = orderId };
        try
        {
            await stepFunctions.StartExecutionAsync(new StartExecutionRequest(
                stateMachineArn, orderId, JsonSerializer.Serialize(input, CheckoutJsonContext.Default.DictionaryStringString)), cancellationToken);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ExecutionAlreadyExists")
        {
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class CheckoutJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
