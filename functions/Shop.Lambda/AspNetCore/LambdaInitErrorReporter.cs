using Shop.Lambda.Runtime;

namespace Shop.Lambda.AspNetCore;

/// <summary>
/// Lambda's init-error contract for a web host: if the process dies of an exception before the
/// server takes its first invocation (bad configuration, a hosted service that cannot start), post
/// it to <c>/runtime/init/error</c> and exit non-zero, so Lambda reports why instead of a bare exit.
/// </summary>
public sealed class LambdaInitErrorReporter
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);

    private readonly RuntimeApiClient _runtime;
    private readonly Action<int> _exit;
    private int _armed = 1;

    public LambdaInitErrorReporter(RuntimeApiClient runtime, Action<int>? exit = null)
    {
        _runtime = runtime;
        _exit = exit ?? Environment.Exit;
    }

    /// <summary>Watches for the exception that would kill the process. Process-wide: call only for a real Lambda host.</summary>
    public LambdaInitErrorReporter WatchUnhandledExceptions()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is Exception error)
            {
                Report(error);
            }
        };
        return this;
    }

    /// <summary>The server is about to take invocations: from here on failures are invocation errors.</summary>
    public void InitCompleted() => Volatile.Write(ref _armed, 0);

    /// <summary>Reports <paramref name="error"/> as the init error and exits; false (and nothing sent) once init is over.</summary>
    public bool Report(Exception error)
    {
        if (Interlocked.Exchange(ref _armed, 0) == 0)
        {
            return false;
        }
        // The host's loggers may not exist yet; stderr reaches the function's log either way.
        Console.Error.WriteLine($"Function init failed: {error}");
        try
        {
            using var timeout = new CancellationTokenSource(ReportTimeout);
            _runtime.SendInitErrorAsync(error, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception reportError)
        {
            Console.Error.WriteLine($"Could not report the init error to the Runtime API: {reportError.Message}");
        }
        _exit(1);
        return true;
    }
}
