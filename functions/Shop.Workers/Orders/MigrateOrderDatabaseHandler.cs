using Microsoft.Extensions.Logging;
using Shop.Adapters.Postgres;
using Shop.Lambda.Runtime;

namespace Shop.Workers.Orders;

/// <summary>What a migration run carries: nothing it needs (the deploy trigger sends its own fields); any JSON object is accepted.</summary>
public sealed record MigrateRequest;

/// <summary>Applies the order database's pending SQL migrations: at every deploy (a CDK trigger) and at local start.</summary>
public sealed class MigrateOrderDatabaseHandler(PostgresDataSource database, ILogger<MigrateOrderDatabaseHandler> log)
    : JsonLambdaHandler<MigrateRequest, MigrationReport>(WorkersJsonContext.Default.MigrateRequest, WorkersJsonContext.Default.MigrationReport)
{
    protected override async Task<MigrationReport> HandleAsync(MigrateRequest input, LambdaContext context, CancellationToken cancellationToken)
    {
        var report = await PostgresMigrations.ApplyAsync(await database.GetAsync(cancellationToken), cancellationToken);
        log.LogInformation("Applied migrations [{Applied}]; {AlreadyApplied} were applied before", string.Join(", ", report.Applied), report.AlreadyApplied.Count);
        return report;
    }
}
