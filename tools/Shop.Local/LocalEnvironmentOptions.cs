using System.Globalization;
using Shop.Local.Functions;
using Shop.Local.Processes;

namespace Shop.Local;

/// <summary>Ports, paths and modes of one local environment; every port can be moved with a SHOP_* setting.</summary>
public sealed record LocalEnvironmentOptions
{
    public required string RepositoryRoot { get; init; }
    public required string StateDirectory { get; init; }
    public string CloudAssembly { get; init; } = "";
    public int EdgePort { get; init; } = 4566;
    public int ApiPort { get; init; } = 8080;
    public int MotoPort { get; init; } = 4567;
    public int PostgresPort { get; init; } = 5433;
    public string Python { get; init; } = "python3";
    public FunctionMode FunctionMode { get; init; } = FunctionMode.Jit;

    /// <summary>Projects run as their Native AOT build whatever <see cref="FunctionMode"/> says.</summary>
    public IReadOnlySet<string> AotProjects { get; init; } = new HashSet<string>();

    /// <summary>Instances per function at most, as reserved concurrency would cap it; a 2-core machine runs out long before Lambda's 1000.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>
    /// Cold starts under way at once across all functions (SHOP_MAX_COLD_STARTS): past it, a function
    /// that already runs an instance queues its invocation instead of starting another. A small
    /// machine otherwise spends its cores starting processes (a burst of checkouts starts every
    /// step's function eight times at once) and times the Api out.
    /// </summary>
    public int MaxColdStarts { get; init; } = 4;

    public bool SeedDemoData { get; init; } = true;

    /// <summary>The password of the seeded admin and seller (SHOP_SEED_PASSWORD).</summary>
    public string SeedPassword { get; init; } = Seeding.SeedUsers.DefaultPassword;

    /// <summary>Where function output and environment messages go (the console for `up`).</summary>
    public Action<string> Log { get; init; } = Console.WriteLine;

    public string CloudAssemblyDirectory => string.IsNullOrEmpty(CloudAssembly) ? Path.Combine(RepositoryRoot, "cdk.out") : CloudAssembly;

    /// <summary>The defaults, moved by SHOP_EDGE_PORT, SHOP_API_PORT, SHOP_MOTO_PORT, SHOP_PG_PORT, SHOP_PYTHON, SHOP_FUNCTION_MODE.</summary>
    public static LocalEnvironmentOptions FromEnvironment(string repositoryRoot, Func<string, string?> setting) => new()
    {
        RepositoryRoot = repositoryRoot,
        StateDirectory = Path.Combine(repositoryRoot, ".shop"),
        CloudAssembly = setting("SHOP_CLOUD_ASSEMBLY") ?? "",
        EdgePort = Port(setting, "SHOP_EDGE_PORT", 4566),
        ApiPort = Port(setting, "SHOP_API_PORT", 8080),
        MotoPort = Port(setting, "SHOP_MOTO_PORT", 4567),
        PostgresPort = Port(setting, "SHOP_PG_PORT", 5433),
        Python = setting("SHOP_PYTHON") ?? "python3",
        MaxColdStarts = int.TryParse(setting("SHOP_MAX_COLD_STARTS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var starts) && starts > 0
            ? starts : 4,
        SeedPassword = setting("SHOP_SEED_PASSWORD") is { Length: > 0 } password ? password : Seeding.SeedUsers.DefaultPassword,
        FunctionMode = setting("SHOP_FUNCTION_MODE")?.ToLowerInvariant() switch
        {
            null or "" or "jit" => FunctionMode.Jit,
            "aot" => FunctionMode.Aot,
            var other => throw new PrerequisiteException($"SHOP_FUNCTION_MODE must be jit or aot, not '{other}'."),
        },
    };

    /// <summary>The same environment on ports the OS says are free: beside a developer's `./shop up`, or for tests.</summary>
    public LocalEnvironmentOptions OnFreePorts(string stateDirectory) => this with
    {
        StateDirectory = stateDirectory,
        EdgePort = Ports.FindFree(),
        ApiPort = Ports.FindFree(),
        MotoPort = Ports.FindFree(),
        PostgresPort = Ports.FindFree(),
    };

    private static int Port(Func<string, string?> setting, string name, int fallback)
    {
        var value = setting(name);
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new PrerequisiteException($"{name} must be a port number (1-65535), not '{value}'.");
    }
}
