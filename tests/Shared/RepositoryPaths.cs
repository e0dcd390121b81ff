using System.Reflection;

namespace Shop.Tests;

/// <summary>The repository the tests were built from (recorded at build time in assembly metadata).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Shop.RepositoryRoot").Value!
        .TrimEnd('/');

    public static string Events => Path.Combine(Root, "events");

    /// <summary>A sample Lambda event from events/, by file name.</summary>
    public static byte[] Event(string fileName) => File.ReadAllBytes(Path.Combine(Events, fileName));
}
