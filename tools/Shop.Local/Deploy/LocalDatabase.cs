using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Shop.Lambda.Aws.SecretsManager;
using Shop.Local.Processes;

namespace Shop.Local.Deploy;

/// <summary>
/// Aurora, locally: the cluster's credentials secret lives in moto's Secrets Manager (so the
/// functions fetch it exactly as in AWS), and the cluster itself is a role and a database in the
/// local PostgreSQL, reached at 127.0.0.1 on the cluster's port.
/// </summary>
public sealed partial class LocalDatabase(LocalAwsClients aws, PostgresCluster postgres)
{
    private readonly Dictionary<string, JsonObject> _secrets = new(StringComparer.Ordinal);

    public async Task<DeployedResource> CreateSecretAsync(ResourceContext resource, CancellationToken cancellationToken)
    {
        var name = resource.Property("Name") ?? resource.PhysicalName(512);
        var value = resource.Properties["GenerateSecretString"] is JsonObject generate
            ? Generate(generate)
            : JsonNode.Parse(resource.Property("SecretString") ?? "{}") as JsonObject ?? [];
        var created = await aws.SecretsManager.CreateSecretAsync(new CreateSecretRequest(name, value.ToJsonString()), cancellationToken);
        _secrets[created.Arn] = value;
        return new DeployedResource(resource.Type, created.Arn, new Dictionary<string, string> { ["Id"] = created.Arn });
    }

    /// <summary>RDS adds the cluster's address to its secret; here that is the local cluster.</summary>
    public async Task<DeployedResource> AttachSecretAsync(ResourceContext resource, CancellationToken cancellationToken)
    {
        var secretArn = resource.Property("SecretId")!;
        var secret = _secrets[secretArn];
        secret["engine"] = "postgres";
        secret["host"] = "127.0.0.1";
        secret["port"] = postgres.Port;
        secret["dbClusterIdentifier"] = resource.Property("TargetId");
        if (Clusters.TryGetValue(resource.Property("TargetId") ?? "", out var database))
        {
            secret["dbname"] = database;
        }
        await aws.SecretsManager.PutSecretValueAsync(secretArn, secret.ToJsonString(), cancellationToken);
        return new DeployedResource(resource.Type, secretArn, new Dictionary<string, string>());
    }

    private Dictionary<string, string> Clusters { get; } = new(StringComparer.Ordinal);

    public async Task<DeployedResource> CreateClusterAsync(ResourceContext resource, CancellationToken cancellationToken)
    {
        var identifier = resource.Property("DBClusterIdentifier") ?? resource.PhysicalName(63, lowercase: true);
        var database = resource.Property("DatabaseName") ?? "postgres";
        var user = ResolveSecretReference(resource.Property("MasterUsername") ?? PostgresCluster.Superuser);
        var password = ResolveSecretReference(resource.Property("MasterUserPassword") ?? PostgresCluster.SuperuserPassword);
        await postgres.EnsureDatabaseAsync(database, user, password);
        Clusters[identifier] = database;
        var port = postgres.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new DeployedResource(resource.Type, identifier, new Dictionary<string, string>
        {
            ["Endpoint.Address"] = "127.0.0.1",
            ["Endpoint.Port"] = port,
            ["ReadEndpoint.Address"] = "127.0.0.1",
            ["DBClusterArn"] = $"arn:aws:rds:{LocalAws.Region}:{LocalAws.AccountId}:cluster:{identifier}",
            ["DBClusterResourceId"] = "cluster-" + identifier,
        });
    }

    /// <summary>
    /// An RDS Proxy in front of the cluster: locally a name for the same PostgreSQL (the endpoint is
    /// 127.0.0.1, the port is the cluster's, which the functions are given anyway). Its target group
    /// is a stand-in. The local PostgreSQL does not require TLS as the proxy does.
    /// </summary>
    public static DeployedResource CreateProxy(ResourceContext resource)
    {
        var name = resource.Property("DBProxyName") ?? resource.PhysicalName(60, lowercase: true);
        return new DeployedResource(resource.Type, name, new Dictionary<string, string>
        {
            ["Endpoint"] = "127.0.0.1",
            ["DBProxyArn"] = $"arn:aws:rds:{LocalAws.Region}:{LocalAws.AccountId}:db-proxy:{name}",
            ["DBProxyName"] = name,
            ["VpcId"] = "vpc-local",
        });
    }

    /// <summary>CloudFormation dynamic references such as <c>{{resolve:secretsmanager:ARN:SecretString:username::}}</c>.</summary>
    private string ResolveSecretReference(string value) => DynamicReference().Replace(value, match =>
    {
        var secretId = match.Groups["secret"].Value;
        var key = match.Groups["key"].Value;
        var secret = _secrets.FirstOrDefault(s => s.Key == secretId || s.Key.Contains($":secret:{secretId}", StringComparison.Ordinal)).Value
            ?? throw new InvalidOperationException($"A dynamic reference names secret {secretId}, which is not deployed.");
        return secret[key] is { } node ? DeployedEnvironment.Text(node) : throw new InvalidOperationException($"Secret {secretId} has no key {key}.");
    });

    /// <summary>What Secrets Manager's GenerateSecretString makes: the template's JSON plus a random password.</summary>
    private static JsonObject Generate(JsonObject options)
    {
        var template = JsonNode.Parse((string?)options["SecretStringTemplate"] ?? "{}") as JsonObject ?? [];
        var length = (int?)options["PasswordLength"] ?? 32;
        var excluded = ((string?)options["ExcludeCharacters"] ?? "") + " \"'\\/@";
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&*()-_=+[]{}<>:;,.?~^";
        var allowed = alphabet.Where(c => !excluded.Contains(c)).ToArray();
        var password = new string(Enumerable.Range(0, length).Select(_ => allowed[RandomNumberGenerator.GetInt32(allowed.Length)]).ToArray());
        template[(string?)options["GenerateStringKey"] ?? "password"] = password;
        return template;
    }

    [GeneratedRegex(@"\{\{resolve:secretsmanager:(?<secret>.+?):SecretString:(?<key>[^:}]+)(:[^:}]*)?(:[^:}]*)?\}\}")]
    private static partial Regex DynamicReference();
}
