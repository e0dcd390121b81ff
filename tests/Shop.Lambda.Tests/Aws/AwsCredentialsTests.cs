using Shop.Lambda.Aws;

namespace Shop.Lambda.Tests.Aws;

public sealed class AwsCredentialsTests
{
    [Fact]
    public async Task ReadsKeysAndSessionToken_WhenLambdaEnvironmentIsSet()
    {
        var provider = new EnvironmentCredentialsProvider(Environment(("AWS_ACCESS_KEY_ID", "ASIA1"), ("AWS_SECRET_ACCESS_KEY", "secret"), ("AWS_SESSION_TOKEN", "token")));

        var credentials = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("ASIA1", "secret", "token"), credentials);
    }

    [Fact]
    public async Task LeavesSessionTokenOut_WhenTokenIsNotSet()
    {
        var provider = new EnvironmentCredentialsProvider(Environment(("AWS_ACCESS_KEY_ID", "AKIA1"), ("AWS_SECRET_ACCESS_KEY", "secret")));

        var credentials = await provider.GetCredentialsAsync(CancellationToken.None);

        Assert.Null(credentials.SessionToken);
    }

    [Fact]
    public void FailsNamingVariable_WhenSecretKeyIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EnvironmentCredentialsProvider(Environment(("AWS_ACCESS_KEY_ID", "AKIA1"))));

        Assert.Contains("AWS_SECRET_ACCESS_KEY", error.Message);
    }

    [Fact]
    public void HidesSecretAndToken_WhenCredentialsArePrinted()
    {
        var printed = new AwsCredentials("AKIA1", "very-secret", "session-token").ToString();

        Assert.Contains("AKIA1", printed);
        Assert.DoesNotContain("very-secret", printed);
        Assert.DoesNotContain("session-token", printed);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
