using Shop.Api.Http;
using Shop.Core.Health;

namespace Shop.Api.Endpoints;

public sealed record DependencyStatus(string Status);

public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, DependencyStatus> Dependencies);

public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (CheckHealth checkHealth, ILoggerFactory logs, CancellationToken cancellationToken) =>
        {
            var report = await checkHealth.HandleAsync(cancellationToken);
            var log = logs.CreateLogger("Shop.Api.Health");
            foreach (var failing in report.Dependencies.Where(d => d.Status == HealthStatus.Failing))
            {
                // The reason stays in the log: a public endpoint names no hosts or errors.
                log.LogWarning("Dependency {Dependency} is failing: {Reason}", failing.Name, failing.Detail);
            }
            var body = new HealthResponse(
                Text(report.Status),
                report.Dependencies.ToDictionary(d => d.Name, d => new DependencyStatus(Text(d.Status))));
            return TypedResults.Json(body, ApiJsonContext.Default.HealthResponse,
                statusCode: report.Status == HealthStatus.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        })
        .RequireAccess(Access.Public)
        .WithName("GetHealth")
        .WithTags("Platform")
        .WithSummary("Whether the API and each dependency (DynamoDB, PostgreSQL, Step Functions, search) answer.")
        .Produces<HealthResponse>(StatusCodes.Status200OK)
        .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
    }

    private static string Text(HealthStatus status) => status == HealthStatus.Ok ? "ok" : "failing";
}
