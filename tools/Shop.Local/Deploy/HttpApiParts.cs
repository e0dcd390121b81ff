using System.Text.Json.Nodes;

namespace Shop.Local.Deploy;

/// <summary>
/// Collects an HTTP API's routes, integrations and JWT authorizers from the template, so the
/// local API Gateway front can route requests the way API Gateway would.
/// </summary>
internal static class HttpApiParts
{
    public static DeployedResource Api(ResourceContext resource)
    {
        var id = ShortId(resource);
        resource.Environment.HttpApis.Add(new HttpApi(id, resource.Property("Name") ?? resource.LogicalId, [], [], Cors(resource.Properties["CorsConfiguration"])));
        return new DeployedResource(resource.Type, id, new Dictionary<string, string>
        {
            ["ApiId"] = id,
            ["ApiEndpoint"] = $"https://{id}.execute-api.{LocalAws.Region}.amazonaws.com",
        });
    }

    public static DeployedResource Integration(ResourceContext resource)
    {
        var id = ShortId(resource);
        return new DeployedResource(resource.Type, id, new Dictionary<string, string>
        {
            ["IntegrationUri"] = resource.Property("IntegrationUri") ?? "",
            ["PayloadFormatVersion"] = resource.Property("PayloadFormatVersion") ?? "2.0",
        });
    }

    public static DeployedResource Authorizer(ResourceContext resource)
    {
        var id = ShortId(resource);
        var api = FindApi(resource);
        var jwt = resource.Properties["JwtConfiguration"];
        var authorizer = new HttpApiAuthorizer(
            id,
            (resource.Properties["IdentitySource"]?.AsArray().FirstOrDefault() is { } source ? (string)source! : "$request.header.Authorization"),
            (string?)jwt?["Issuer"] ?? "",
            (jwt?["Audience"]?.AsArray() ?? []).Select(a => (string)a!).ToList());
        api.Authorizers[id] = authorizer;
        return new DeployedResource(resource.Type, id, new Dictionary<string, string> { ["AuthorizerId"] = id });
    }

    public static DeployedResource Route(ResourceContext resource)
    {
        var api = FindApi(resource);
        var target = resource.Property("Target") ?? "";
        var integrationId = target.StartsWith("integrations/", StringComparison.Ordinal) ? target["integrations/".Length..] : target;
        var integration = resource.Environment.OfType("AWS::ApiGatewayV2::Integration").FirstOrDefault(i => i.Ref == integrationId)
            ?? throw new InvalidOperationException($"Route {resource.LogicalId} targets unknown integration '{target}'.");
        var functionArn = integration.Attributes["IntegrationUri"];
        var functionName = functionArn.Split(":function:").Last().Split(':')[0];
        var authorizerId = resource.Property("AuthorizationType") == "JWT" ? resource.Property("AuthorizerId") : null;
        api.Routes.Add(new HttpApiRoute(resource.Property("RouteKey")!, functionName, authorizerId));
        var id = ShortId(resource);
        return new DeployedResource(resource.Type, id, new Dictionary<string, string>());
    }

    private static HttpApi FindApi(ResourceContext resource)
    {
        var apiId = resource.Property("ApiId");
        return resource.Environment.HttpApis.FirstOrDefault(a => a.Id == apiId)
            ?? throw new InvalidOperationException($"{resource.LogicalId} belongs to unknown HTTP API '{apiId}'.");
    }

    /// <summary>API Gateway ids are short lowercase strings; derive a stable one from the logical id.</summary>
    private static string ShortId(ResourceContext resource)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(resource.StackName + "/" + resource.LogicalId));
        return Convert.ToHexStringLower(hash)[..10];
    }

    private static HttpApiCors? Cors(JsonNode? configuration) => configuration is not JsonObject cors ? null : new HttpApiCors(
        Strings(cors["AllowOrigins"]), Strings(cors["AllowMethods"]), Strings(cors["AllowHeaders"]), Strings(cors["ExposeHeaders"]),
        cors["MaxAge"] is { } maxAge ? int.Parse(DeployedEnvironment.Text(maxAge), System.Globalization.CultureInfo.InvariantCulture) : null,
        cors["AllowCredentials"] is { } credentials && DeployedEnvironment.Text(credentials).Equals("true", StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<string> Strings(JsonNode? values) => (values as JsonArray ?? []).Select(v => DeployedEnvironment.Text(v)).ToList();
}
