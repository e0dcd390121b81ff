using System.Globalization;

namespace Shop.Bench.ColdStarts;

/// <summary>What /proc says about a function process while it is still alive.</summary>
internal sealed record ProcessSample(int Pid, double PeakRssMib, double CpuMs);

/// <summary>
/// Reads a function process's peak RSS (VmHWM) and CPU time from /proc. FunctionHost keeps its
/// processes to itself, so the process is found as this process's newest child: the bench runs
/// one function process at a time, and <c>dotnet Shop.Api.dll</c> runs the app in the muxer's
/// own process, so that child is the function.
/// </summary>
internal static class ProcessProbe
{
    // /proc reports CPU time in USER_HZ ticks, fixed at 100 by the kernel's ABI on x86-64 and arm64.
    private const double MsPerTick = 10;

    public static ProcessSample? NewestChild()
    {
        var parent = Environment.ProcessId;
        (int Pid, long StartTicks, string[] Fields)? newest = null;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ReadStat(pid) is not { } fields
                || int.Parse(fields[1], CultureInfo.InvariantCulture) != parent)
            {
                continue;
            }
            var started = long.Parse(fields[19], CultureInfo.InvariantCulture);
            if (newest is null || started > newest.Value.StartTicks)
            {
                newest = (pid, started, fields);
            }
        }
        if (newest is not { } child || PeakRssKib(child.Pid) is not { } peakKib)
        {
            return null;
        }
        var ticks = long.Parse(child.Fields[11], CultureInfo.InvariantCulture) + long.Parse(child.Fields[12], CultureInfo.InvariantCulture);
        return new ProcessSample(child.Pid, peakKib / 1024.0, ticks * MsPerTick);
    }

    /// <summary>The fields of /proc/PID/stat after the command name, from field 3 (state) on; null if the process is gone.</summary>
    private static string[]? ReadStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name is in parentheses and may itself hold spaces and parentheses.
        var afterName = stat.LastIndexOf(')');
        return afterName < 0 ? null : stat[(afterName + 2)..].Split(' ');
    }

    private static long? PeakRssKib(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Exited between the scan and this read.
        }
        return null;
    }
}
