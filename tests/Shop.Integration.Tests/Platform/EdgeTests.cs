using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Shop.Integration.Tests.Support;
using Shop.Local;
using Shop.Tests;

namespace Shop.Integration.Tests.Platform;

[Collection(LocalEnvironmentCollection.Name)]
public sealed class EdgeTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task ListsTheTable_WhenAwsCliPointsAtEdge()
    {
        var start = new ProcessStartInfo("aws", ["dynamodb", "list-tables", "--output", "json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AWS_ENDPOINT_URL"] = fixture.Environment.EdgeUrl.ToString();
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = LocalAws.Region;
        using var aws = Process.Start(start)!;
        var output = await aws.StandardOutput.ReadToEndAsync();
        await aws.WaitForExitAsync();

        Assert.True(aws.ExitCode == 0, await aws.StandardError.ReadToEndAsync());
        var tables = JsonDocument.Parse(output).RootElement.GetProperty("TableNames").EnumerateArray().Select(t => t.GetString());
        Assert.Contains(fixture.Environment.TableName(), tables);
    }

    [Fact]
    public async Task ForwardsToMoto_WhenSdkCallsEdge()
    {
        using var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = fixture.Environment.EdgeUrl.ToString(), AuthenticationRegion = LocalAws.Region });

        var table = await dynamo.DescribeTableAsync(fixture.Environment.TableName());

        Assert.Equal("ACTIVE", table.Table.TableStatus.Value);
        Assert.NotNull(table.Table.LatestStreamArn);
    }

    [Fact]
    public async Task RunsApiFunction_WhenLambdaInvokeApiIsCalled()
    {
        var api = fixture.Function(Shop.Core.ShopNames.Handlers.Api).Definition.Name;

        using var response = await fixture.Edge.PostAsync($"/2015-03-31/functions/{api}/invocations",
            new ByteArrayContent(RepositoryPaths.Event("health-get-apigw.json")));
        var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        Assert.Equal(200, payload.GetProperty("statusCode").GetInt32());
        Assert.Equal("ok", JsonDocument.Parse(payload.GetProperty("body").GetString()!).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task InvokesByArn_WhenFunctionNamedByArn()
    {
        var echo = fixture.AddTestFunction("echo");

        using var response = await fixture.Edge.PostAsync($"/2015-03-31/functions/{Uri.EscapeDataString(echo.Definition.Arn)}/invocations",
            new StringContent("""{"hello":"arn"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"hello":"arn"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnswersResourceNotFound_WhenFunctionIsUnknown()
    {
        using var response = await fixture.Edge.PostAsync("/2015-03-31/functions/no-such-function/invocations", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task ListsDeployedFunctions_WhenListFunctionsIsCalled()
    {
        var listing = JsonDocument.Parse(await fixture.Edge.GetStringAsync("/2015-03-31/functions")).RootElement;

        var handlers = listing.GetProperty("Functions").EnumerateArray().Select(f => f.GetProperty("Handler").GetString()).ToList();
        Assert.Contains(Shop.Core.ShopNames.Handlers.Api, handlers);
        Assert.Contains(Shop.Core.ShopNames.Handlers.SampleCountCategories, handlers);
    }
}
