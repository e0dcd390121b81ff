using Shop.Local.Processes;

namespace Shop.Local.Functions;

/// <summary>Finds the built binary of a function's project under artifacts/.</summary>
public sealed class FunctionBinaries(LocalPaths paths, FunctionMode defaultMode, IReadOnlySet<string>? aotProjects = null)
{
    public FunctionMode ModeOf(string project) =>
        aotProjects?.Contains(project) == true ? FunctionMode.Aot : defaultMode;

    public (string File, string[] Arguments, string Directory) CommandFor(string project)
    {
        var mode = ModeOf(project);
        if (mode == FunctionMode.Aot)
        {
            var directory = Path.Combine(paths.RepositoryRoot, "artifacts", "publish", project, "release_linux-x64");
            var binary = Path.Combine(directory, project);
            return File.Exists(binary)
                ? (binary, [], directory)
                : throw new PrerequisiteException($"No Native AOT build of {project} at {binary}: run `dotnet publish functions/{project} -c Release -r linux-x64` (./shop does).");
        }

        var jitDirectory = Path.Combine(paths.RepositoryRoot, "artifacts", "bin", project, "debug");
        var assembly = Path.Combine(jitDirectory, project + ".dll");
        return File.Exists(assembly)
            ? ("dotnet", [assembly], jitDirectory)
            : throw new PrerequisiteException($"No build of {project} at {assembly}: run `dotnet build` (./shop does).");
    }
}
