using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Shop.Bench;

/// <summary>What the figures were measured on, printed with them: they mean little without it.</summary>
internal static class Machine
{
    public static string Describe(string command)
    {
        return new StringBuilder()
            .AppendLine($"- date: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine($"- command: `{command}`")
            .AppendLine($"- cores (nproc): {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)}; CPU: {CpuModel()}")
            .AppendLine($"- OS: {RuntimeInformation.OSDescription}")
            .AppendLine($"- dotnet --version: {SdkVersion()}; runtime {RuntimeInformation.FrameworkDescription}")
            .AppendLine($"- load average at start (1/5/15 min): {LoadAverage()}")
            .ToString();
    }

    /// <summary>The 1, 5 and 15 minute load averages: how busy the machine was with other work.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string SdkVersion()
    {
        try
        {
            using var dotnet = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = dotnet.StandardOutput.ReadToEndAsync();
            if (!dotnet.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                dotnet.Kill();
                return "unknown";
            }
            return output.GetAwaiter().GetResult().Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
