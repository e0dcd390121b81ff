namespace Shop.Lambda.Aws;

/// <summary>
/// Where a service is reached, resolved the way the AWS SDKs do for configured endpoints:
/// <c>AWS_ENDPOINT_URL_&lt;SERVICE_ID&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, then the public regional
/// endpoint. Called once at startup; clients take the resolved URI and read no environment.
/// </summary>
public static class AwsEndpoints
{
    public const string GlobalVariable = "AWS_ENDPOINT_URL";
    public const string IgnoreVariable = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    /// <param name="serviceId">The SDK service id, e.g. <c>SFN</c> or <c>Secrets Manager</c>; upper-cased with spaces as underscores it names the service's variable.</param>
    /// <param name="endpointPrefix">The host prefix of the regional endpoint, e.g. <c>states</c>.</param>
    public static Uri Resolve(string serviceId, string endpointPrefix, string region, Func<string, string?> environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        if (!string.Equals(environment(IgnoreVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var variable in (string[])[ServiceVariable(serviceId), GlobalVariable])
            {
                if (environment(variable) is { Length: > 0 } configured)
                {
                    return Parse(variable, configured);
                }
            }
        }
        var dnsSuffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{endpointPrefix}.{region}.{dnsSuffix}/");
    }

    public static string ServiceVariable(string serviceId) =>
        $"{GlobalVariable}_{serviceId.Trim().ToUpperInvariant().Replace(' ', '_').Replace('-', '_')}";

    private static Uri Parse(string variable, string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InvalidOperationException($"{variable} is not an absolute http(s) URL: '{value}'.");
}
