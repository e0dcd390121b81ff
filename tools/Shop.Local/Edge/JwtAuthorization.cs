using System.Text.Json.Nodes;
using Shop.Local.Deploy;

namespace Shop.Local.Edge;

/// <summary>The claims of a token an HTTP API JWT authorizer accepted, or none when it refused it.</summary>
public sealed record JwtAuthorization(JsonObject? Claims)
{
    public static readonly JwtAuthorization Unauthorized = new((JsonObject?)null);
}

/// <summary>What API Gateway's JWT authorizer does before a protected route reaches the function.</summary>
public interface IJwtAuthorizer
{
    Task<JwtAuthorization> AuthorizeAsync(HttpApiAuthorizer authorizer, IHeaderDictionary headers, CancellationToken cancellationToken);
}
