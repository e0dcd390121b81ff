using System.Diagnostics;
using System.Globalization;
using Shop.Local.Processes;
using Shop.Tests;

namespace Shop.Integration.Tests.Platform;

/// <summary>
/// `./shop up` as a developer runs it: Ctrl-C must leave no emulator, database or function process
/// behind, and neither may a supervisor killed outright (children notice their parent is gone).
/// </summary>
public sealed class ShutdownTests
{
    private const int Interrupt = 2;
    private const int Kill = 9;

    [Theory]
    [InlineData(Interrupt)]
    [InlineData(Kill)]
    public async Task LeavesNoProcessBehind_WhenSupervisorIsStopped(int signal)
    {
        var ports = new Dictionary<string, int>
        {
            ["SHOP_EDGE_PORT"] = Ports.FindFree(),
            ["SHOP_API_PORT"] = Ports.FindFree(),
            ["SHOP_MOTO_PORT"] = Ports.FindFree(),
            ["SHOP_PG_PORT"] = Ports.FindFree(),
        };
        var tool = Path.Combine(RepositoryPaths.Root, "artifacts", "bin", "Shop.Local", "debug", "Shop.Local.dll");
        var start = new ProcessStartInfo("dotnet", [tool, "up"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var (name, port) in ports)
        {
            start.Environment[name] = port.ToString(CultureInfo.InvariantCulture);
        }
        start.Environment["SHOP_ROOT"] = RepositoryPaths.Root;
        using var up = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Text.StringBuilder();
        up.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); if (e.Data?.Contains("Shop is running locally") == true) ready.TrySetResult(); };
        up.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        up.BeginOutputReadLine();
        up.BeginErrorReadLine();

        try
        {
            // Generous: a start deploys every stack (the migration trigger included), and CI machines are shared.
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(4));
            using var api = new HttpClient();
            // Starts an Api function instance, so there is a function process to stop too.
            using var health = await api.GetAsync($"http://localhost:{ports["SHOP_API_PORT"]}/health");
            // moto, PostgreSQL (its postmaster and workers) and the Api function are all running now.
            Assert.True(ProcessesOfEnvironment(ports).Count >= 3, string.Join('\n', ProcessesOfEnvironment(ports)));

            Signal(up.Id, signal);
            await up.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await WaitUntilGoneAsync(ports);
        }
        finally
        {
            if (!up.HasExited)
            {
                up.Kill(entireProcessTree: true);
            }
        }

        Assert.Empty(ProcessesOfEnvironment(ports));
        if (signal == Interrupt)
        {
            Assert.True(up.ExitCode == 0, output.ToString());
            Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), $"shop-pg-{ports["SHOP_PG_PORT"]}")));
        }
        // A killed supervisor cannot remove its cluster's directory; the next start on that port would.
        Support.TestState.Remove(Path.Combine(Path.GetTempPath(), $"shop-pg-{ports["SHOP_PG_PORT"]}"));
    }

    /// <summary>Orphans notice their parent's death within a second or two (moto polls, PostgreSQL gets its parent-death signal).</summary>
    private static async Task WaitUntilGoneAsync(Dictionary<string, int> ports)
    {
        for (var attempt = 0; attempt < 100 && ProcessesOfEnvironment(ports).Count > 0; attempt++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Processes whose command line or environment names one of this environment's ports.</summary>
    private static List<string> ProcessesOfEnvironment(Dictionary<string, int> ports)
    {
        var markers = new[]
        {
            $"launch_moto.py {ports["SHOP_MOTO_PORT"]}",
            $"shop-pg-{ports["SHOP_PG_PORT"]}",
            $"AWS_LAMBDA_RUNTIME_API=127.0.0.1:{ports["SHOP_EDGE_PORT"]}/",
        };
        var found = new List<string>();
        foreach (var directory in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            var text = Read(Path.Combine(directory, "cmdline")) + "\n" + Read(Path.Combine(directory, "environ"));
            if (markers.Any(text.Contains))
            {
                found.Add($"{Path.GetFileName(directory)}: {Read(Path.Combine(directory, "cmdline"))}");
            }
        }
        return found;
    }

    private static string Read(string file)
    {
        try
        {
            return File.ReadAllText(file).Replace('\0', ' ');
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The process ended while being read, or belongs to someone else: not one of ours.
            return "";
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Signal(int pid, int signal);
}
