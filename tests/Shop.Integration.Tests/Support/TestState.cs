namespace Shop.Integration.Tests.Support;

internal static class TestState
{
    /// <summary>Removes a fixture's temporary state (logs, index) once its environment has stopped.</summary>
    public static void Remove(string? directory)
    {
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
        {
            return;
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still writing a log as it exits; the OS temp cleaner gets it later.
        }
    }
}
