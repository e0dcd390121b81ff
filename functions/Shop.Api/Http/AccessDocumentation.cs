using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Shop.Api.Http;

/// <summary>
/// Writes each operation's <see cref="Access"/> into the OpenAPI document as <c>x-shop-access</c>,
/// so clients (and the role × route tests) read who may call what from the same table the
/// endpoints enforce.
/// </summary>
public static class AccessDocumentation
{
    public static OpenApiOptions AddAccessLevels(this OpenApiOptions options)
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            var access = context.Description.ActionDescriptor.EndpointMetadata.OfType<AccessMetadata>().LastOrDefault()?.Access;
            if (access is { } level)
            {
                operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                operation.Extensions[AccessExtensions.OpenApiExtension] = new JsonNodeExtension(JsonValue.Create(AccessExtensions.PolicyName(level)));
            }
            return Task.CompletedTask;
        });
        return options;
    }
}
