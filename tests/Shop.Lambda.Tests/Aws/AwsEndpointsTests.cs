using Shop.Lambda.Aws;

namespace Shop.Lambda.Tests.Aws;

public sealed class AwsEndpointsTests
{
    [Fact]
    public void PrefersServiceVariable_WhenServiceAndGlobalVariablesAreSet()
    {
        var environment = Environment(("AWS_ENDPOINT_URL_SFN", "http://localhost:9000"), ("AWS_ENDPOINT_URL", "http://localhost:4566"));

        var endpoint = AwsEndpoints.Resolve("SFN", "states", "us-east-1", environment);

        Assert.Equal(new Uri("http://localhost:9000"), endpoint);
    }

    [Fact]
    public void UsesGlobalVariable_WhenNoServiceVariableIsSet()
    {
        var endpoint = AwsEndpoints.Resolve("SFN", "states", "us-east-1", Environment(("AWS_ENDPOINT_URL", "http://localhost:4566")));

        Assert.Equal(new Uri("http://localhost:4566"), endpoint);
    }

    [Fact]
    public void UsesRegionalEndpoint_WhenNoVariableIsSet()
    {
        var endpoint = AwsEndpoints.Resolve("SFN", "states", "eu-west-1", Environment());

        Assert.Equal(new Uri("https://states.eu-west-1.amazonaws.com/"), endpoint);
    }

    [Fact]
    public void UsesChinaDomain_WhenRegionIsInChina()
    {
        var endpoint = AwsEndpoints.Resolve("Secrets Manager", "secretsmanager", "cn-north-1", Environment());

        Assert.Equal(new Uri("https://secretsmanager.cn-north-1.amazonaws.com.cn/"), endpoint);
    }

    [Fact]
    public void UsesRegionalEndpoint_WhenConfiguredEndpointsAreIgnored()
    {
        var environment = Environment(("AWS_ENDPOINT_URL", "http://localhost:4566"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        var endpoint = AwsEndpoints.Resolve("SFN", "states", "us-east-1", environment);

        Assert.Equal(new Uri("https://states.us-east-1.amazonaws.com/"), endpoint);
    }

    [Fact]
    public void NamesVariableWithUnderscores_WhenServiceIdHasSpaces()
    {
        var endpoint = AwsEndpoints.Resolve("Secrets Manager", "secretsmanager", "us-east-1", Environment(("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://localhost:7000")));

        Assert.Equal(new Uri("http://localhost:7000"), endpoint);
    }

    [Fact]
    public void FailsNamingVariable_WhenValueIsNotAnHttpUrl()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AwsEndpoints.Resolve("SFN", "states", "us-east-1", Environment(("AWS_ENDPOINT_URL", "localhost:4566"))));

        Assert.Contains("AWS_ENDPOINT_URL", error.Message);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
