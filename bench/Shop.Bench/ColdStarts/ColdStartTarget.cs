using System.Text.Json;
using Shop.Local.Functions;

namespace Shop.Bench.ColdStarts;

/// <summary>One function binary to cold-start, and how to tell that its first answer is the right one.</summary>
internal sealed record ColdStartTarget(
    string Label,
    string Project,
    string Handler,
    FunctionMode Mode,
    IReadOnlyDictionary<string, string> Environment,
    Func<InvocationResult, string?> FindProblem)
{
    /// <summary>The Api's answer must be a payload 2.0 response with status 200 and the docs page.</summary>
    public static string? ApiAnsweredDocs(InvocationResult result)
    {
        if (!result.Succeeded)
        {
            return $"function error: {Shorten(result.PayloadText)}";
        }
        using var response = JsonDocument.Parse(result.Payload);
        var root = response.RootElement;
        var status = root.TryGetProperty("statusCode", out var code) ? code.GetInt32() : 0;
        var body = root.TryGetProperty("body", out var text) ? text.GetString() ?? "" : "";
        return status == 200 && body.Contains("<html", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"status {status}: {Shorten(result.PayloadText)}";
    }

    public static Func<InvocationResult, string?> EchoedBack(ReadOnlyMemory<byte> payload) => result =>
        !result.Succeeded ? $"function error: {Shorten(result.PayloadText)}"
        : result.Payload.Span.SequenceEqual(payload.Span) ? null
        : $"answered something other than its input: {Shorten(result.PayloadText)}";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
