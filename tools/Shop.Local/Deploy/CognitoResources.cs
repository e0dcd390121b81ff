using System.Text.Json.Nodes;

namespace Shop.Local.Deploy;

/// <summary>
/// Cognito user pools, app clients and groups in moto, from the template's properties (their
/// CloudFormation names are the API's, but for the pool's name). moto issues real RS256 tokens and
/// publishes the pool's JWKS, so the API validates tokens exactly as in AWS.
/// </summary>
internal static class CognitoResources
{
    private static readonly string[] PoolProperties =
    [
        "Policies", "UsernameAttributes", "AliasAttributes", "AutoVerifiedAttributes", "UsernameConfiguration",
        "AccountRecoverySetting", "AdminCreateUserConfig", "Schema", "MfaConfiguration", "UserPoolTags",
    ];

    private static readonly string[] ClientProperties =
    [
        "ClientName", "ExplicitAuthFlows", "GenerateSecret", "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity",
        "TokenValidityUnits", "PreventUserExistenceErrors", "ReadAttributes", "WriteAttributes", "SupportedIdentityProviders",
    ];

    public static async Task<DeployedResource> UserPoolAsync(ResourceContext resource, LocalAwsClients aws, CancellationToken cancellationToken)
    {
        var request = Copy(resource.Properties, PoolProperties);
        request["PoolName"] = resource.Property("UserPoolName") ?? resource.PhysicalName(128);
        var created = await aws.CognitoAsync("CreateUserPool", request, cancellationToken);
        var id = (string)created["UserPool"]!["Id"]!;
        var provider = $"cognito-idp.{LocalAws.Region}.amazonaws.com/{id}";
        return new DeployedResource(resource.Type, id, new Dictionary<string, string>
        {
            ["Arn"] = (string?)created["UserPool"]!["Arn"] ?? $"arn:aws:cognito-idp:{LocalAws.Region}:{LocalAws.AccountId}:userpool/{id}",
            ["ProviderName"] = provider,
            ["ProviderURL"] = "https://" + provider,
            ["UserPoolId"] = id,
        });
    }

    public static async Task<DeployedResource> UserPoolClientAsync(ResourceContext resource, LocalAwsClients aws, CancellationToken cancellationToken)
    {
        var request = Copy(resource.Properties, ClientProperties);
        request["UserPoolId"] = resource.Property("UserPoolId");
        request["ClientName"] ??= resource.PhysicalName(128);
        var created = await aws.CognitoAsync("CreateUserPoolClient", request, cancellationToken);
        var client = created["UserPoolClient"]!;
        var attributes = new Dictionary<string, string> { ["ClientId"] = (string)client["ClientId"]! };
        if ((string?)client["ClientSecret"] is { } secret)
        {
            attributes["ClientSecret"] = secret;
        }
        return new DeployedResource(resource.Type, (string)client["ClientId"]!, attributes);
    }

    public static async Task<DeployedResource> GroupAsync(ResourceContext resource, LocalAwsClients aws, CancellationToken cancellationToken)
    {
        var name = resource.Property("GroupName") ?? resource.PhysicalName(128);
        var request = Copy(resource.Properties, ["Description", "Precedence"]);
        request["UserPoolId"] = resource.Property("UserPoolId");
        request["GroupName"] = name;
        await aws.CognitoAsync("CreateGroup", request, cancellationToken);
        return new DeployedResource(resource.Type, name, new Dictionary<string, string>());
    }

    private static JsonObject Copy(JsonObject properties, IEnumerable<string> names)
    {
        var copy = new JsonObject();
        foreach (var name in names)
        {
            if (properties[name] is { } value)
            {
                copy[name] = value.DeepClone();
            }
        }
        return copy;
    }
}
