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
    private ChildProcess? _server;

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

    /// <summary>Over the Unix socket (trust): the template may give the superuser a password of its own.</summary>
    private string AdminConnectionString() => new NpgsqlConnectionStringBuilder
    {
        Host = _root,
        Port = Port,
        Database = "postgres",
        Username = Superuser,
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
            await cluster.ServeAsync();
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
        await using var connection = new NpgsqlConnection(AdminConnectionString());
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

    /// <summary>A fast shutdown (SIGINT: disconnect clients, checkpoint, exit), then the directory goes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(TimeSpan.FromSeconds(15), Signals.Interrupt);
            await _server.DisposeAsync();
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

    /// <summary>
    /// The postmaster runs in the foreground as this process's child, under setpriv: as the postgres
    /// user when this runs as root, and with a parent-death signal, so even a supervisor killed with
    /// SIGKILL leaves no database behind.
    /// </summary>
    private async Task ServeAsync()
    {
        var server = Path.Combine(_binDirectory, "postgres");
        string[] options =
        [
            "-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _root,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=200",
        ];
        string[] identity = _asPostgresUser ? ["--reuid", Superuser, "--regid", Superuser, "--init-groups"] : [];
        var logFile = new StreamWriter(new FileStream(LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _server = ChildProcess.StartOnOwnThread("setpriv", [.. identity, "--pdeathsig", "INT", "--", server, .. options],
            new Dictionary<string, string?>(), line => { lock (logFile) logFile.WriteLine(line); });
        await Ports.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(60), () => _server.HasExited, "PostgreSQL");
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Listening is not ready: the first connections are refused while the cluster starts up.</summary>
    private async Task WaitUntilAcceptingAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString());
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (attempt < 100 && !_server!.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A previous run that was killed may have left its cluster behind on this port.</summary>
    private async Task RemoveStaleAsync()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && Directory.Exists($"/proc/{pid}"))
        {
            _log($"stopping a PostgreSQL cluster left behind in {_root} (pid {pid})");
            Signals.Send(pid, Signals.Interrupt);
            for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++)
            {
                await Task.Delay(100);
            }
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
        return _asPostgresUser ? ("setpriv", ["--reuid", Superuser, "--regid", Superuser, "--init-groups", "--", path]) : (path, []);
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
