namespace Shop.Lambda.Aws;

/// <summary>An access key pair, with the session token that temporary (STS, Lambda role) credentials carry.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    // Records print every member; credentials end up in logs and exception messages that way.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}

public interface IAwsCredentialsProvider
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}

public sealed class StaticCredentialsProvider(AwsCredentials credentials) : IAwsCredentialsProvider
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}

/// <summary>
/// The credentials Lambda puts in the function's environment (the execution role's session). They
/// are read once, at construction: they do not change during the life of an execution environment,
/// and a missing one should fail the function at start, by name.
/// </summary>
public sealed class EnvironmentCredentialsProvider : IAwsCredentialsProvider
{
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    private readonly AwsCredentials _credentials;

    public EnvironmentCredentialsProvider(Func<string, string?> environment)
    {
        var sessionToken = environment(SessionTokenVariable);
        _credentials = new AwsCredentials(
            Required(environment, AccessKeyIdVariable),
            Required(environment, SecretAccessKeyVariable),
            string.IsNullOrEmpty(sessionToken) ? null : sessionToken);
    }

    public static EnvironmentCredentialsProvider FromProcessEnvironment() => new(Environment.GetEnvironmentVariable);

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_credentials);

    private static string Required(Func<string, string?> environment, string name)
    {
        var value = environment(name);
        return string.IsNullOrEmpty(value)
            ? throw new InvalidOperationException($"{name} is not set: no AWS credentials in the environment.")
            : value;
    }
}
