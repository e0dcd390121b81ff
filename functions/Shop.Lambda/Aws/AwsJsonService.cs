namespace Shop.Lambda.Aws;

/// <summary>What distinguishes one AWS JSON-protocol service from another on the wire.</summary>
/// <param name="SigningName">The SigV4 service name in the credential scope, e.g. <c>states</c>.</param>
/// <param name="TargetPrefix">The part of X-Amz-Target before the operation, e.g. <c>AWSStepFunctions</c>.</param>
/// <param name="JsonVersion"><c>1.0</c> or <c>1.1</c>, as the service's model declares.</param>
public sealed record AwsJsonService(string SigningName, string TargetPrefix, string JsonVersion)
{
    public string ContentType => $"application/x-amz-json-{JsonVersion}";
}
