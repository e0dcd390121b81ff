using System.Diagnostics;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;

namespace Shop.Infra.Constructs;

/// <summary>
/// Publishes a function project as a native AOT executable on this machine and hands it to CDK as
/// <c>bootstrap</c>, the file the <c>provided.al2023</c> runtime starts.
/// </summary>
/// <remarks>
/// Runs only for stacks CDK bundles (see <see cref="Bundling"/>). It never returns false: false makes
/// CDK fall back to Docker, which these machines lack, so a failed publish fails the synth instead.
/// </remarks>
// DeputyBase makes jsii pass this object by reference, so CDK can call TryBundle back.
public sealed class DotnetAotBundling(string project) : DeputyBase, ILocalBundling
{
    public const string RuntimeIdentifier = "linux-x64";

    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        var publishDir = Directory.CreateTempSubdirectory("shop-publish-").FullName;
        try
        {
            Publish(publishDir);
            var bootstrap = Path.Combine(outputDir, "bootstrap");
            File.Copy(Path.Combine(publishDir, project), bootstrap, overwrite: true);
            // The zip keeps the file mode, and Lambda refuses a bootstrap it cannot execute.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(bootstrap, (UnixFileMode)0b111_101_101); // rwxr-xr-x
            }
            return true;
        }
        finally
        {
            Directory.Delete(publishDir, recursive: true);
        }
    }

    private void Publish(string publishDir)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", RepositoryPaths.Project(project), "-c", "Release", "-r", RuntimeIdentifier,
                "-p:PublishAot=true", "-o", publishDir, "--nologo",
            },
            // The CLI reads the app's stdout; publish chatter goes to stderr where the user sees it.
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) Console.Error.WriteLine(line.Data); };
        process.BeginOutputReadLine();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed with exit code {process.ExitCode}.");
        }
    }
}
