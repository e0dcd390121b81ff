using Shop.Core.Health;

namespace Shop.Adapters.Postgres;

public sealed class PostgresProbe(PostgresDataSource database) : IDependencyProbe
{
    public string Name => "postgres";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var dataSource = await database.GetAsync(cancellationToken);
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return null;
    }
}
