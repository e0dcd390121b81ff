using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Shop.Integration.Tests.Support;
using Shop.Tests;

namespace Shop.Integration.Tests.Platform;

/// <summary>`./shop invoke` against a running environment prints what the same request answers over HTTP.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class InvokeCommandTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task PrintsSameResponseAsHttp_WhenEnvironmentIsRunning()
    {
        var tool = Path.Combine(RepositoryPaths.Root, "artifacts", "bin", "Shop.Local", "debug", "Shop.Local.dll");
        var start = new ProcessStartInfo("dotnet", [tool, "invoke", "api", Path.Combine(RepositoryPaths.Events, "categories-list-apigw.json")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SHOP_ROOT"] = RepositoryPaths.Root;
        start.Environment["SHOP_EDGE_PORT"] = fixture.Environment.Options.EdgePort.ToString(CultureInfo.InvariantCulture);

        using var invoke = Process.Start(start)!;
        var printed = await invoke.StandardOutput.ReadToEndAsync();
        var errors = await invoke.StandardError.ReadToEndAsync();
        await invoke.WaitForExitAsync();
        using var http = await fixture.Api.GetAsync("/categories");

        Assert.True(invoke.ExitCode == 0, errors);
        var response = JsonDocument.Parse(printed).RootElement;
        Assert.Equal((int)http.StatusCode, response.GetProperty("statusCode").GetInt32());
        Assert.Equal(await http.Content.ReadAsStringAsync(), response.GetProperty("body").GetString());
    }
}
