using System.Runtime.InteropServices;

namespace Shop.Local.Processes;

internal static partial class Signals
{
    public const int Interrupt = 2;
    public const int Terminate = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Send(int pid, int signal) => Kill(pid, signal);
}
