using System.Text.Json;
using Npgsql;
using Shop.Adapters.Configuration;
using Shop.Lambda.Aws.SecretsManager;

namespace Shop.Adapters.Postgres;

/// <summary>
/// The database connection pool, built on first use: the credentials come from the cluster's
/// Secrets Manager secret (as RDS writes it: username, password), fetched then, not at cold start.
/// The password is re-read periodically so a rotated secret is picked up without a restart.
/// </summary>
public sealed class PostgresDataSource(DatabaseSettings settings, SecretsManagerClient secrets) : IAsyncDisposable
{
    private static readonly TimeSpan PasswordRefresh = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PasswordRetry = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlDataSource? _dataSource;

    public async ValueTask<NpgsqlDataSource> GetAsync(CancellationToken cancellationToken)
    {
        if (_dataSource is not null)
        {
            return _dataSource;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_dataSource is null)
            {
                var credentials = await ReadCredentialsAsync(cancellationToken);
                var builder = new NpgsqlSlimDataSourceBuilder(new NpgsqlConnectionStringBuilder
                {
                    Host = settings.Host,
                    Port = settings.Port,
                    Database = settings.Name,
                    Username = credentials.Username,
                    // A Lambda instance serves one request at a time and RDS Proxy pools across instances:
                    // a few connections per instance, dropped early when idle (Lambda freezes idle containers).
                    MaxPoolSize = 4,
                    ConnectionIdleLifetime = 60,
                    Timeout = 5,
                    // RDS Proxy requires TLS; the local PostgreSQL has none, and Prefer falls back to plain there.
                    SslMode = SslMode.Prefer,
                }.ConnectionString);
                builder.EnableTransportSecurity();
                // The slim builder leaves out what is not asked for; the order store reads and writes text[].
                builder.EnableArrays();
                builder.UsePeriodicPasswordProvider(
                    async (_, token) => (await ReadCredentialsAsync(token)).Password, PasswordRefresh, PasswordRetry);
                _dataSource = builder.Build();
            }
            return _dataSource;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string Username, string Password)> ReadCredentialsAsync(CancellationToken cancellationToken)
    {
        var secret = await secrets.GetSecretValueAsync(settings.SecretArn, cancellationToken);
        using var document = JsonDocument.Parse(secret.SecretString ?? "{}");
        var root = document.RootElement;
        return (
            root.TryGetProperty("username", out var user) ? user.GetString()! : throw new InvalidOperationException("The database secret has no username."),
            root.TryGetProperty("password", out var password) ? password.GetString()! : throw new InvalidOperationException("The database secret has no password."));
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        _gate.Dispose();
    }
}
