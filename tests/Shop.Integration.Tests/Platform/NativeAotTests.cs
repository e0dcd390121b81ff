using System.Text.Json;
using Shop.Core;
using Shop.Integration.Tests.Support;
using Shop.Local.Functions;
using Shop.Tests;

namespace Shop.Integration.Tests.Platform;

/// <summary>The Native AOT build of the Api (what Lambda runs) answering through the edge's Runtime API.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class NativeAotTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task AnswersHealthFromAotBinary_WhenInvokedWithApiGatewayEvent()
    {
        var deployed = fixture.Function(ShopNames.Handlers.Api).Definition;
        var aot = fixture.Environment.AddFunction(deployed with { Name = "aot-api-" + Guid.NewGuid().ToString("N")[..6] }, FunctionMode.Aot);

        InvocationResult result;
        try
        {
            result = await aot.InvokeAsync(RepositoryPaths.Event("health-get-apigw.json"));
        }
        finally
        {
            // Leaves `api` naming one function again for the other tests of the collection.
            await fixture.Environment.Functions.RemoveAsync(aot.Definition.Name);
        }

        Assert.True(result.Succeeded, result.PayloadText);
        var response = JsonDocument.Parse(result.PayloadText).RootElement;
        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("ok", JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement.GetProperty("status").GetString());
    }
}
