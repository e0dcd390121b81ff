using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;
using Timeout = Amazon.CDK.AWS.StepFunctions.Timeout;

namespace Shop.Infra.Constructs;

/// <summary>Factories for the states Shop's state machines are made of, one per kind of step.</summary>
public static class WorkflowStates
{
    /// <summary>Lambda's own transient errors, the set AWS recommends retrying for Lambda tasks (and throttling).</summary>
    public static readonly string[] LambdaServiceErrors =
    [
        "Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException",
        "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
    ];

    /// <summary>
    /// What a step may fail with and succeed on again: Lambda's transient errors, a function that
    /// timed out or crashed, a step that outran its task timeout, and Shop's own transient
    /// exceptions (the Lambda runtime reports an exception's type name as the error): the payment
    /// provider unreachable, the database or an AWS service unreachable or throttling, a write that
    /// kept meeting concurrent ones. Business outcomes are results or named errors outside this
    /// list, so they are never retried. Every step is idempotent, so a retry after a partial run is safe.
    /// </summary>
    public static readonly string[] TransientErrors =
    [
        .. LambdaServiceErrors, "Lambda.Unknown", "Sandbox.Timedout", "States.Timeout",
        "PaymentProviderUnavailableException", "ConcurrentChangeException", "NpgsqlException", "TimeoutException",
        "TaskCanceledException", "HttpRequestException", "AwsServiceException", "AmazonDynamoDBException",
        "ProvisionedThroughputExceededException", "RequestLimitExceededException", "InternalServerErrorException",
        "TransactionConflictException",
    ];

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
            TaskTimeout = Timeout.Duration(timeout ?? Duration.Seconds(60)),
        });

    /// <summary>
    /// A checkout step: invokes the function with <c>{"orderId"}</c> and keeps its result at
    /// <paramref name="resultPath"/>, the rest of the state untouched. Transient errors retry with
    /// exponential backoff and full jitter (1 s, doubling, at most 30 s apart, 6 attempts).
    /// </summary>
    public static LambdaInvoke Step(Construct scope, string stateName, IFunction function, string resultPath, int maxAttempts = 6)
    {
        var step = new LambdaInvoke(scope, stateName, new LambdaInvokeProps
        {
            LambdaFunction = function,
            Payload = TaskInput.FromObject(new Dictionary<string, object> { ["orderId.$"] = "$.orderId" }),
            PayloadResponseOnly = true,
            RetryOnServiceExceptions = false,
            ResultPath = resultPath,
            TaskTimeout = Timeout.Duration(Duration.Seconds(60)),
        });
        step.AddRetry(Backoff(TransientErrors, maxAttempts));
        return step;
    }

    /// <summary>
    /// A waiting step (<c>.waitForTaskToken</c>): the function keeps the task token for the callback
    /// of <paramref name="kind"/>; the state ends with the callback's outcome at <paramref name="resultPath"/>,
    /// or <c>States.Timeout</c> after <paramref name="timeout"/>. Only Lambda's own errors retry: a timeout is an outcome.
    /// </summary>
    public static LambdaInvoke Wait(Construct scope, string stateName, IFunction function, string kind, string resultPath, Timeout timeout)
    {
        var wait = new LambdaInvoke(scope, stateName, new LambdaInvokeProps
        {
            LambdaFunction = function,
            IntegrationPattern = IntegrationPattern.WAIT_FOR_TASK_TOKEN,
            Payload = TaskInput.FromObject(new Dictionary<string, object>
            {
                ["orderId.$"] = "$.orderId",
                ["kind"] = kind,
                ["taskToken"] = JsonPath.TaskToken,
            }),
            ResultPath = resultPath,
            TaskTimeout = timeout,
            RetryOnServiceExceptions = false,
        });
        wait.AddRetry(Backoff(LambdaServiceErrors, 6));
        return wait;
    }

    public static RetryProps Backoff(string[] errors, int maxAttempts) => new()
    {
        Errors = errors,
        Interval = Duration.Seconds(1),
        BackoffRate = 2,
        MaxAttempts = maxAttempts,
        MaxDelay = Duration.Seconds(30),
        JitterStrategy = JitterType.FULL,
    };
}
