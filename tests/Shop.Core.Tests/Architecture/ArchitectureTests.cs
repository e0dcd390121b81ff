using Shop.Core.Catalog;

namespace Shop.Core.Tests.Architecture;

public sealed class ArchitectureTests
{
    private static readonly string[] Forbidden = ["AWSSDK", "Npgsql", "Microsoft.AspNetCore", "Amazon."];

    [Fact]
    public void CoreReferencesNoInfrastructure_WhenCompiled()
    {
        var core = typeof(Category).Assembly;
        var offending = core.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(name => Forbidden.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void CoreProjectReferencesNothing_WhenItsProjectFileIsRead()
    {
        var project = File.ReadAllText(Path.Combine(Shop.Tests.RepositoryPaths.Root, "functions", "Shop.Core", "Shop.Core.csproj"));

        Assert.DoesNotContain("PackageReference", project);
        Assert.DoesNotContain("FrameworkReference", project);
        Assert.DoesNotContain("ProjectReference", project);
    }
}
