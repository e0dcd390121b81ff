using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Shop.Api.Endpoints;

namespace Shop.Api;

/// <summary>Every type the Api serializes, known at compile time (Native AOT has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(CategoriesResponse))]
[JsonSerializable(typeof(ProblemDetails))]
[JsonSerializable(typeof(HttpValidationProblemDetails))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
