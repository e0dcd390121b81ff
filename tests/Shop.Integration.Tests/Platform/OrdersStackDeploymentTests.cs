using System.Globalization;
using Npgsql;
using Shop.Adapters.Configuration;
using Shop.Adapters.Postgres;
using Shop.Core;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Platform;

/// <summary>Shop-Orders and the database settings as the environment deployed them from cdk.out.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class OrdersStackDeploymentTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public void SchedulesTheOutboxRelayEveryMinute_WhenTheAppsStacksAreDeployed()
    {
        var relay = fixture.Function(ShopNames.Handlers.RelayOrderOutbox).Definition.Name;

        var schedule = Assert.Single(fixture.Environment.Deployed.Schedules, s => s.FunctionName == relay);

        Assert.Equal(TimeSpan.FromMinutes(1), schedule.Period);
    }

    [Fact]
    public async Task RanTheMigrationFunctionWhileDeploying_WhenTheAppsStacksAreDeployed()
    {
        var environment = fixture.Environment;
        await using var database = Orders.OrderDatabase.Deployed(environment);
        await using var connection = await (await database.GetAsync(CancellationToken.None)).OpenConnectionAsync();
        await using var latest = new NpgsqlCommand("SELECT max(version) FROM schema_migrations", connection);

        Assert.True(fixture.Function(ShopNames.Handlers.MigrateOrderDatabase).ColdStarts >= 1);
        Assert.Equal(PostgresMigrations.All.Max(m => m.Version), (int)(await latest.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData(ShopNames.Handlers.Api)]
    [InlineData(ShopNames.Handlers.MigrateOrderDatabase)]
    [InlineData(ShopNames.Handlers.RelayOrderOutbox)]
    public void ReachesTheLocalPostgresThroughTheProxysEndpoint_WhenDatabaseFunctionIsDeployed(string handler)
    {
        var settings = fixture.Function(handler).Definition.Environment;

        Assert.Equal("127.0.0.1", settings[ShopNames.Settings.DatabaseHost]);
        Assert.Equal(fixture.Environment.Postgres.Port.ToString(CultureInfo.InvariantCulture), settings[ShopNames.Settings.DatabasePort]);
    }
}
