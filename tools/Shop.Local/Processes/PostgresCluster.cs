using System.Globalization;
using Npgsql;

namespace Shop.Local.Processes;

/// <summary>
/// A throwaway PostgreSQL 15 cluster in a temporary directory, standing in for Aurora. initdb
/// refuses to run as root, so when this tool runs as root the cluster runs as the postgres user.
/// fsync is off: the data lives only as long as this run.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string Superuser = "postgres";

    // A dummy local credential for a loopback-only throwaway cluster.
    public const string SuperuserPassword = "local-postgres";

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asPostgresUser;
    private readonly Action<string> _log;

    private PostgresCluster(string binDirectory, string root, int port, bool asPostgresUser, Action<string> log)
    {
        _binDirectory = binDirectory;
        _root = root;
        Port = port;
        _asPostgresUser = asPostgresUser;
        _log = log;
    }

    public int Port { get; }
    private string DataDirectory => Path.Combine(_root, "data");
    public string LogFile => Path.Combine(_root, "postgres.log");

    public string ConnectionString(string database, string user, string password) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = user,
        Password = password,
        Pooling = false,
    }.ConnectionString;

    public static async Task<PostgresCluster> StartAsync(int port, Action<string> log, string? binDirectory = null)
    {
        Ports.EnsureFree(port, "PostgreSQL", "SHOP_PG_PORT");
        var bin = binDirectory ?? FindBinDirectory();
        var root = Path.Combine(Path.GetTempPath(), $"shop-pg-{port}");
        var cluster = new PostgresCluster(bin, root, port, IsRoot(), log);
        await cluster.RemoveStaleAsync();
        try
        {
            await cluster.InitializeAsync();
            await cluster.RunAsync("pg_ctl", "-D", cluster.DataDirectory, "-l", cluster.LogFile, "-w", "-t", "60", "-o",
                string.Join(' ',
                    $"-p {port}",
                    $"-k {root}",
                    "-c listen_addresses=127.0.0.1",
                    "-c fsync=off",
                    "-c synchronous_commit=off",
                    "-c full_page_writes=off",
                    "-c max_connections=200"),
                "start");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        log($"PostgreSQL listening on 127.0.0.1:{port} (data: {cluster.DataDirectory}, log: {cluster.LogFile})");
        return cluster;
    }

    /// <summary>Creates a login role and a database it owns, as an RDS cluster's master user and default database.</summary>
    public async Task EnsureDatabaseAsync(string database, string user, string password)
    {
        // Over the Unix socket (trust): the template may give the superuser a password of its own.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = _root,
            Port = Port,
            Database = "postgres",
            Username = Superuser,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        if (user != Superuser)
        {
            await ExecuteAsync(connection, $"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {Literal(user)}) THEN CREATE ROLE {Identifier(user)} LOGIN CREATEDB; END IF; END $$");
        }
        await ExecuteAsync(connection, $"ALTER ROLE {Identifier(user)} WITH PASSWORD {Literal(password)}");
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await ExecuteAsync(connection, $"CREATE DATABASE {Identifier(database)} OWNER {Identifier(user)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop");
        }
        TryDelete(_root);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    private static string Literal(string value) => "'" + value.Replace("'", "''") + "'";

    private async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var passwordFile = Path.Combine(_root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, SuperuserPassword);
        if (_asPostgresUser)
        {
            (await Command.RunAsync("chown", ["-R", "postgres:postgres", _root])).ThrowIfFailed("chown of the PostgreSQL directory");
        }
        await RunAsync("initdb", "-D", DataDirectory, "-U", Superuser, "--pwfile", passwordFile,
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync");
        File.Delete(passwordFile);
    }

    /// <summary>A previous run that was killed may have left its cluster running on this port.</summary>
    private async Task RemoveStaleAsync()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            _log($"stopping a PostgreSQL cluster left behind in {_root}");
            await Command.RunAsync(PostgresUserCommand("pg_ctl").File, [.. PostgresUserCommand("pg_ctl").Prefix, "-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        TryDelete(_root);
    }

    private async Task RunAsync(string tool, params string[] arguments)
    {
        var (file, prefix) = PostgresUserCommand(tool);
        (await Command.RunAsync(file, [.. prefix, .. arguments], TimeSpan.FromSeconds(90))).ThrowIfFailed(tool);
    }

    private (string File, string[] Prefix) PostgresUserCommand(string tool)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asPostgresUser ? ("runuser", ["-u", Superuser, "--", path]) : (path, []);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the next run's stale-cluster cleanup; nothing depends on it being gone now.
        }
    }

    private static bool IsRoot() => Environment.UserName == "root";

    /// <summary>Debian keeps server binaries per version off PATH; SHOP_PG_BINDIR overrides.</summary>
    public static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("SHOP_PG_BINDIR");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(c => File.Exists(Path.Combine(c.Bin, "initdb")))
                .OrderBy(c => c.Version == 15 ? 0 : 1).ThenByDescending(c => c.Version)
                .Select(c => c.Bin)
            : [];
        return candidates.FirstOrDefault()
            ?? throw new PrerequisiteException("PostgreSQL server binaries not found under /usr/lib/postgresql: install them with `apt-get install postgresql` (./shop does this) or set SHOP_PG_BINDIR.");
    }
}
