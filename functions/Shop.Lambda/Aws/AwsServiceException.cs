using System.Collections.Frozen;
using System.Net;

namespace Shop.Lambda.Aws;

/// <summary>An error an AWS service answered with: its code (the bare shape name), message, HTTP status and request id.</summary>
public sealed class AwsServiceException : Exception
{
    // Error codes AWS services use for throttling, across protocols and services.
    private static readonly FrozenSet<string> ThrottlingCodes = FrozenSet.ToFrozenSet(
        ["Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
         "ProvisionedThroughputExceededException", "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled",
         "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException"],
        StringComparer.Ordinal);

    public AwsServiceException(string operation, string errorCode, string message, HttpStatusCode httpStatus, string? requestId)
        : base(message)
    {
        Operation = operation;
        ErrorCode = errorCode;
        HttpStatus = httpStatus;
        RequestId = requestId;
    }

    /// <summary>The call that failed, as <c>TargetPrefix.Operation</c>.</summary>
    public string Operation { get; }

    /// <summary>The error's shape name without namespace, e.g. <c>ExecutionDoesNotExist</c>.</summary>
    public string ErrorCode { get; }

    public HttpStatusCode HttpStatus { get; }

    /// <summary>The x-amzn-RequestId AWS support asks for.</summary>
    public string? RequestId { get; }

    public bool IsThrottling => HttpStatus == HttpStatusCode.TooManyRequests || ThrottlingCodes.Contains(ErrorCode);

    /// <summary>Whether the same request may succeed later: throttling and server-side failures, not client errors.</summary>
    public bool IsTransient => IsThrottling || ((int)HttpStatus >= 500 && HttpStatus != HttpStatusCode.NotImplemented);

    public override string ToString() => $"{Operation} failed with {ErrorCode} (HTTP {(int)HttpStatus}, request {RequestId}): {Message}";
}
