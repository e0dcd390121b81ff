using System.Text.Json;
using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.StepFunctions;
using Shop.Local;
using Shop.Local.Seeding;

namespace Shop.Integration.Tests.Platform;

/// <summary>The CDK app's sample state machine, executed by moto, its task run by a Shop.Workers handler through the edge.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class SampleWorkflowTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task SucceedsWithHandlerOutput_WhenRunThreeTimes()
    {
        using var http = new HttpClient();
        var stepFunctions = new StepFunctionsClient(http, fixture.Environment.EdgeUrl, LocalAws.Region,
            new StaticCredentialsProvider(new AwsCredentials("test", "test")));
        // The sample, not the checkout: the one the Api is given as the sample.
        var stateMachine = fixture.Environment.Setting(Shop.Core.ShopNames.Settings.SampleStateMachineArn);
        var seeded = DemoCatalog.Categories();

        // Three runs of one state machine: moto 5.2.1 fails the second one unless its launcher patch holds.
        for (var run = 1; run <= 3; run++)
        {
            var started = await stepFunctions.StartExecutionAsync(new StartExecutionRequest(stateMachine, Input: $$"""{"correlationId":"sample-{{run}}"}"""), CancellationToken.None);
            var finished = await WaitAsync(stepFunctions, started.ExecutionArn);

            Assert.True(finished.Status == ExecutionStatus.Succeeded, $"run {run}: {finished.Status} {finished.Error} {finished.Cause}");
            var output = JsonDocument.Parse(finished.Output!).RootElement;
            Assert.Equal(seeded.Count, output.GetProperty("total").GetInt32());
            Assert.Equal(seeded.Count(c => c.IsRoot), output.GetProperty("roots").GetInt32());
        }
    }

    private static async Task<DescribeExecutionResponse> WaitAsync(StepFunctionsClient stepFunctions, string executionArn)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var execution = await stepFunctions.DescribeExecutionAsync(executionArn, CancellationToken.None);
            if (execution.IsFinished)
            {
                return execution;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{executionArn} did not finish within 30 s.");
    }
}
