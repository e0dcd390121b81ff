using Shop.Adapters.Configuration;
using Shop.Adapters.Postgres;
using Shop.Core;
using Shop.Lambda.Aws.SecretsManager;
using Shop.Local;

namespace Shop.Integration.Tests.Orders;

/// <summary>A fresh order database in the environment's PostgreSQL, migrated, with its credentials in moto's Secrets Manager: no data shared between tests.</summary>
internal static class OrderDatabase
{
    /// <summary>The database the deployed functions use, with their settings.</summary>
    public static PostgresDataSource Deployed(LocalEnvironment environment) => new(
        new DatabaseSettings(
            environment.Setting(ShopNames.Settings.DatabaseHost), int.Parse(environment.Setting(ShopNames.Settings.DatabasePort), System.Globalization.CultureInfo.InvariantCulture),
            environment.Setting(ShopNames.Settings.DatabaseName), environment.Setting(ShopNames.Settings.DatabaseSecretArn)),
        environment.Aws.SecretsManager);

    public static async Task<PostgresDataSource> CreateAsync(LocalEnvironment environment)
    {
        var name = "orders_" + Guid.NewGuid().ToString("N")[..10];
        var password = "test-" + Guid.NewGuid().ToString("N");
        await environment.Postgres.EnsureDatabaseAsync(name, name, password);
        var secret = await environment.Aws.SecretsManager.CreateSecretAsync(
            new CreateSecretRequest("test/" + name, SecretString: $$"""{"username":"{{name}}","password":"{{password}}"}"""), CancellationToken.None);
        var database = new PostgresDataSource(new DatabaseSettings("127.0.0.1", environment.Postgres.Port, name, secret.Arn), environment.Aws.SecretsManager);
        await PostgresMigrations.ApplyAsync(await database.GetAsync(CancellationToken.None), CancellationToken.None);
        return database;
    }
}
