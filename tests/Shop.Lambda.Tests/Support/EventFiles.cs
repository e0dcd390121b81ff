using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Lambda.Tests.Support;

/// <summary>The sample payloads in the repository's events/ folder, copied next to the test assembly.</summary>
internal static class EventFiles
{
    public static byte[] Read(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "events", name));

    public static T Load<T>(string name, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(Read(name), type)
        ?? throw new InvalidOperationException($"{name} holds JSON null.");
}
