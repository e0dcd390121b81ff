using System.Collections.Concurrent;

namespace Shop.Local;

/// <summary>Where the repository, the built functions and this run's logs are.</summary>
public sealed class LocalPaths
{
    private readonly ConcurrentDictionary<string, StreamWriter> _logs = new();

    public LocalPaths(string repositoryRoot, string stateDirectory)
    {
        RepositoryRoot = repositoryRoot;
        StateDirectory = stateDirectory;
        Directory.CreateDirectory(LogDirectory);
    }

    public string RepositoryRoot { get; }

    /// <summary>This run's working state: logs, the embedded search index.</summary>
    public string StateDirectory { get; }

    public string LogDirectory => Path.Combine(StateDirectory, "logs");

    /// <summary>Files shipped next to this tool (the moto launcher).</summary>
    public string ToolDirectory => AppContext.BaseDirectory;

    public string CloudAssembly => Path.Combine(RepositoryRoot, "cdk.out");

    public string LogFile(string name) => Path.Combine(LogDirectory, name + ".log");

    /// <summary>A line writer appending to logs/NAME.log, flushed per line so a crash loses nothing.</summary>
    public Action<string> LogWriter(string name)
    {
        var writer = _logs.GetOrAdd(name, n => new StreamWriter(new FileStream(LogFile(n), FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true });
        return line =>
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        };
    }

    /// <summary>Finds the repository root (the folder holding Shop.sln) from a starting folder upwards.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Shop.sln")))
            {
                return directory.FullName;
            }
        }
        throw new Processes.PrerequisiteException($"No Shop.sln above {start}: run this from inside the Shop repository.");
    }
}

