using System.Diagnostics;

namespace Shop.Local.Processes;

/// <summary>
/// A process the local environment started and must stop: its output goes line by line to a
/// sink (a log file or the console), and disposing it kills the whole process tree.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Action<string> _output;

    private ChildProcess(Process process, Action<string> output)
    {
        _process = process;
        _output = output;
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public Task Exited { get; private set; } = Task.CompletedTask;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment,
        Action<string> output, bool inheritEnvironment = true, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        if (!inheritEnvironment)
        {
            info.Environment.Clear();
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) output(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) output(line.Data); };
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var child = new ChildProcess(process, output) { Exited = exited.Task };
        if (process.HasExited)
        {
            exited.TrySetResult();
        }
        return child;
    }

    /// <summary>
    /// Starts the process from a thread of its own that lives exactly as long as the process. A
    /// parent-death signal (<c>setpriv --pdeathsig</c>, <c>prctl(PR_SET_PDEATHSIG)</c>) fires when the
    /// <em>thread</em> that forked the child ends, not the process; started from a thread-pool
    /// thread, the child is signalled whenever the pool retires that thread, minutes into a run.
    /// </summary>
    public static ChildProcess StartOnOwnThread(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, Action<string> output)
    {
        var started = new TaskCompletionSource<ChildProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            ChildProcess child;
            try
            {
                child = Start(fileName, arguments, environment, output);
            }
            catch (Exception error)
            {
                started.SetException(error);
                return;
            }
            started.SetResult(child);
            child._process.WaitForExit();
        })
        {
            IsBackground = true,
            Name = $"parent of {Path.GetFileName(fileName)}",
        };
        thread.Start();
        return started.Task.GetAwaiter().GetResult();
    }

    /// <summary>Kills the process and everything it started, then waits for it to be gone.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to stop.
        }
        catch (TimeoutException)
        {
            _output($"process {_process.Id} did not exit within 10 s of being killed");
        }
        _process.Dispose();
    }

    /// <summary>Asks the process to stop (SIGTERM unless told otherwise) and kills it if it has not exited in time.</summary>
    public async Task StopAsync(TimeSpan grace, int signal = Signals.Terminate)
    {
        if (_process.HasExited)
        {
            return;
        }
        Signals.Send(_process.Id, signal);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }
}
