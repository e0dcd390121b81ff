using System.Text.Json.Serialization;

namespace Shop.Lambda.Aws.StepFunctions;

// Step Functions members are camelCase on the wire; unset optional members are left out rather than sent as null.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = new[] { typeof(EpochSecondsConverter) })]
[JsonSerializable(typeof(StartExecutionRequest))]
[JsonSerializable(typeof(StartExecutionResponse))]
[JsonSerializable(typeof(DescribeExecutionRequest))]
[JsonSerializable(typeof(DescribeExecutionResponse))]
[JsonSerializable(typeof(SendTaskSuccessRequest))]
[JsonSerializable(typeof(SendTaskFailureRequest))]
[JsonSerializable(typeof(SendTaskHeartbeatRequest))]
[JsonSerializable(typeof(CreateStateMachineRequest))]
[JsonSerializable(typeof(CreateStateMachineResponse))]
[JsonSerializable(typeof(UpdateStateMachineRequest))]
[JsonSerializable(typeof(UpdateStateMachineResponse))]
[JsonSerializable(typeof(DescribeStateMachineRequest))]
[JsonSerializable(typeof(DescribeStateMachineResponse))]
[JsonSerializable(typeof(ListStateMachinesRequest))]
[JsonSerializable(typeof(ListStateMachinesResponse))]
[JsonSerializable(typeof(ListExecutionsRequest))]
[JsonSerializable(typeof(ListExecutionsResponse))]
[JsonSerializable(typeof(GetExecutionHistoryRequest))]
[JsonSerializable(typeof(GetExecutionHistoryResponse))]
[JsonSerializable(typeof(AwsEmpty))]
internal sealed partial class StepFunctionsJsonContext : JsonSerializerContext;
