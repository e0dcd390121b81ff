using System.Text.Json.Serialization;

namespace Shop.Lambda.Tests.Aws.Support;

internal sealed record PingRequest(string Name, int? Count = null);

internal sealed record PingResponse(string Echo);

internal sealed record NoOutput;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PingRequest))]
[JsonSerializable(typeof(PingResponse))]
[JsonSerializable(typeof(NoOutput))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
