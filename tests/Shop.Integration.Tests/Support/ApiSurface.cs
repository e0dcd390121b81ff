using System.Net.Http.Json;
using System.Text.Json;

namespace Shop.Integration.Tests.Support;

/// <summary>One operation of the API as its OpenAPI document describes it, with who may call it.</summary>
public sealed record ApiOperation(string Method, string PathTemplate, string Access, bool HasBody)
{
    public IReadOnlyList<string> PathParameters =>
        PathTemplate.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]).ToList();

    public string Path(IReadOnlyDictionary<string, string> values) =>
        PathParameters.Aggregate(PathTemplate, (path, name) => path.Replace("{" + name + "}", Uri.EscapeDataString(values[name]), StringComparison.Ordinal));

    public override string ToString() => $"{Method} {PathTemplate} ({Access})";
}

/// <summary>
/// The endpoint table, read from the running API's OpenAPI document: every operation and its
/// <c>x-shop-access</c>, the same declaration the endpoints enforce.
/// </summary>
public static class ApiSurface
{
    public static async Task<IReadOnlyList<ApiOperation>> ReadAsync(HttpClient api)
    {
        var document = await api.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.ValueKind != JsonValueKind.Object || !operation.Value.TryGetProperty("responses", out _))
                {
                    continue;
                }
                var access = operation.Value.TryGetProperty("x-shop-access", out var declared)
                    ? declared.GetString()!
                    : throw new InvalidOperationException($"{operation.Name.ToUpperInvariant()} {path.Name} declares no access level.");
                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name, access,
                    operation.Value.TryGetProperty("requestBody", out _) || operation.Name is "post" or "put" or "patch"));
            }
        }
        return operations;
    }
}
