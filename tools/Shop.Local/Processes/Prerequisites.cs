using System.Text.Json.Nodes;
using Shop.Core;
using Shop.Local.Deploy;
using Shop.Local.Functions;

namespace Shop.Local.Processes;

/// <summary>
/// Checks, before anything starts, what the environment needs: moto importable by the configured
/// Python, PostgreSQL's server binaries, a build of every function the templates deploy, and free
/// ports. Each failure is one line saying what to do.
/// </summary>
public static class Prerequisites
{
    public static async Task CheckAsync(LocalEnvironmentOptions options, IReadOnlyList<StackTemplate> stacks)
    {
        foreach (var (port, purpose, setting) in new[]
        {
            (options.EdgePort, "the AWS edge", "SHOP_EDGE_PORT"),
            (options.ApiPort, "the HTTP API", "SHOP_API_PORT"),
            (options.MotoPort, "moto_server", "SHOP_MOTO_PORT"),
            (options.PostgresPort, "PostgreSQL", "SHOP_PG_PORT"),
        })
        {
            Ports.EnsureFree(port, purpose, setting);
        }

        PostgresCluster.FindBinDirectory();

        var binaries = new FunctionBinaries(new LocalPaths(options.RepositoryRoot, options.StateDirectory), options.FunctionMode, options.AotProjects);
        foreach (var project in FunctionProjects(stacks))
        {
            binaries.CommandFor(project);
        }

        var moto = await Command.RunAsync(options.Python, ["-c", "import moto, moto.server, flask, antlr4"], TimeSpan.FromSeconds(60));
        if (moto.ExitCode != 0)
        {
            throw new PrerequisiteException($"{options.Python} cannot import moto's server: install it with `pip install 'moto[server,stepfunctions,cognitoidp,dynamodb]==5.2.1'` (./shop does) or point SHOP_PYTHON at a Python that has it.");
        }
    }

    private static IEnumerable<string> FunctionProjects(IReadOnlyList<StackTemplate> stacks) =>
        stacks.SelectMany(s => s.Resources)
            .Select(r => r.Value?["Metadata"]?[ShopNames.ProjectMetadataKey])
            .OfType<JsonValue>()
            .Select(v => (string)v!)
            .Distinct(StringComparer.Ordinal);
}
