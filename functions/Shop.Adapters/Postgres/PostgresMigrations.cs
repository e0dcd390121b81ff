using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Shop.Adapters.Postgres;

/// <summary>One versioned SQL script: <c>0001_orders.sql</c> is version 1, named <c>orders</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}

/// <summary>What a migration run did: the versions it applied now and the ones found applied before.</summary>
public sealed record MigrationReport(IReadOnlyList<int> Applied, IReadOnlyList<int> AlreadyApplied);

/// <summary>An applied migration's script was changed afterwards: the database no longer matches the code's history.</summary>
public sealed class MigrationChecksumException(int version, string name)
    : Exception($"Migration {version:D4}_{name} was applied with different content; add a new migration instead of editing an applied one.");

/// <summary>
/// Applies the order database's SQL migrations (embedded in this assembly from
/// <c>Postgres/Migrations/NNNN_name.sql</c>) in version order, each in its own transaction with
/// its row in <c>schema_migrations</c>. A session advisory lock makes concurrent runs (two deploys,
/// a deploy and a test) take turns; an applied script whose text changed stops the run.
/// </summary>
public static class PostgresMigrations
{
    private const string ResourcePrefix = "Shop.Migrations.";

    // Any constant shared by every runner; pg_advisory_lock takes a bigint.
    private const long LockKey = 0x5_0000_0001;

    public static IReadOnlyList<Migration> All { get; } = Load();

    public static async Task<MigrationReport> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", LockKey));
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var done = new List<int>();
            var before = new List<int>();
            foreach (var migration in All)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new MigrationChecksumException(migration.Version, migration.Name);
                    }
                    before.Add(migration.Version);
                    continue;
                }
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)",
                    cancellationToken, ("version", migration.Version), ("name", migration.Name), ("checksum", migration.Checksum));
                await transaction.CommitAsync(cancellationToken);
                done.Add(migration.Version);
            }
            return new MigrationReport(done, before);
        }
        finally
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", LockKey));
        }
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> Load()
    {
        var assembly = typeof(PostgresMigrations).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var file = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = file.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(file.AsSpan(0, separator), out var version))
            {
                throw new InvalidOperationException($"Migration {resource} is not named NNNN_name.sql.");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream, Encoding.UTF8);
            migrations.Add(new Migration(version, file[(separator + 1)..], text.ReadToEnd()));
        }
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations have version {duplicate.Key}.");
        }
        return [.. migrations.OrderBy(m => m.Version)];
    }
}
