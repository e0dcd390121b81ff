using System.Reflection;

namespace Shop.Infra;

/// <summary>Where the function sources live, fixed at build time (see Shop.Infra.csproj).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Shop.RepositoryRoot").Value!;

    public static string Functions => Path.Combine(Root, "functions");

    /// <summary>The order database's versioned SQL scripts, embedded in the adapter assembly.</summary>
    public static string OrderMigrations => Path.Combine(Functions, "Shop.Adapters", "Postgres", "Migrations");

    public static string Project(string name) => Path.Combine(Functions, name, $"{name}.csproj");
}
