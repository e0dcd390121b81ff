using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Shop.Local.Functions;

namespace Shop.Local;

/// <summary>Talks to an environment `./shop up` already runs, through its edge's Lambda API.</summary>
public static class RunningEnvironment
{
    public sealed record Result(string Text, string? FunctionError);

    /// <summary>Invokes through a running edge, or answers null when none listens on that port.</summary>
    public static async Task<Result?> TryInvokeAsync(int edgePort, string function, byte[] payload)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{edgePort}"), Timeout = TimeSpan.FromMinutes(15) };
        JsonNode? listing;
        try
        {
            listing = await http.GetFromJsonAsync<JsonNode>("/2015-03-31/functions");
        }
        catch (HttpRequestException)
        {
            return null;
        }
        var functions = (listing?["Functions"]?.AsArray() ?? [])
            .Select(f => (Name: (string)f!["FunctionName"]!, Handler: (string?)f["Handler"]))
            .ToList();
        var name = FunctionLookup.Pick(functions, f => f.Name, f => f.Handler, function).Name;
        using var response = await http.PostAsync($"/2015-03-31/functions/{Uri.EscapeDataString(name)}/invocations", new ByteArrayContent(payload));
        var text = await response.Content.ReadAsStringAsync();
        var error = response.Headers.TryGetValues("X-Amz-Function-Error", out var values) ? values.First() : null;
        return new Result(text, error);
    }
}
