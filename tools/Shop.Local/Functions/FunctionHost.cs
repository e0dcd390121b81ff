using System.Globalization;
using System.Threading.Channels;
using Shop.Local.Processes;

namespace Shop.Local.Functions;

/// <summary>
/// Runs one function the way Lambda does: invocations queue up, each instance (a process running
/// the function binary against our Runtime API) takes one at a time, new instances start while
/// invocations wait and the concurrency limit allows. An instance that times out or crashes is
/// discarded. Every start is paid for by one waiting invocation: when init fails, that invocation
/// fails with the init error, so a broken function never turns into a restart loop.
/// </summary>
public sealed class FunctionHost : IAsyncDisposable
{
    /// <summary>Lambda's limit on a synchronous response; the Runtime API refuses larger ones with 413.</summary>
    public const int MaxResponseBytes = 6 * 1024 * 1024;

    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly Dictionary<string, FunctionInstance> _instances = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly FunctionBinaries _binaries;
    private readonly string _runtimeApiBase;
    private readonly IReadOnlyDictionary<string, string> _platformEnvironment;
    private readonly Action<string> _log;
    private readonly int _maxConcurrency;
    private readonly CancellationTokenSource _stopping = new();
    private int _queued;
    private int _waiting;
    private int _starting;
    private int _instanceCounter;
    private volatile bool _closing;

    private readonly Func<bool>? _mayAddInstance;

    /// <param name="mayAddInstance">
    /// Asked before a second or later instance starts: whether the machine may take another cold
    /// start now. A function's first instance always starts; a refused one waits for its running instances.
    /// </param>
    public FunctionHost(FunctionDefinition definition, FunctionBinaries binaries, string runtimeApiBase,
        IReadOnlyDictionary<string, string> platformEnvironment, int maxConcurrency, Action<string> log, Func<bool>? mayAddInstance = null)
    {
        _mayAddInstance = mayAddInstance;
        Definition = definition;
        _binaries = binaries;
        _runtimeApiBase = runtimeApiBase;
        _platformEnvironment = platformEnvironment;
        _maxConcurrency = maxConcurrency;
        _log = log;
    }

    public FunctionDefinition Definition { get; }

    /// <summary>Instance processes starting now (started, not yet asking for their first event).</summary>
    public int StartingInstances
    {
        get
        {
            lock (_gate)
            {
                return _starting;
            }
        }
    }

    /// <summary>Processes started so far (each is a cold start).</summary>
    public int ColdStarts { get; private set; }

    /// <param name="withdrawWhileQueued">
    /// Fires when the caller stops waiting (the HTTP API's integration timeout): an invocation no
    /// instance has taken yet leaves the queue instead of running for nobody. Without it a burst
    /// larger than the instances can serve leaves a backlog that runs on after every caller has
    /// gone, and each caller's retry adds to it.
    /// </param>
    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, string? traceId = null, string? clientContext = null, CancellationToken withdrawWhileQueued = default)
    {
        var invocation = new PendingInvocation(payload, traceId, clientContext);
        lock (_gate)
        {
            _queued++;
        }
        await _queue.Writer.WriteAsync(invocation);
        ScaleOut();
        await using var withdrawal = withdrawWhileQueued.Register(() =>
        {
            if (invocation.TryWithdraw())
            {
                lock (_gate)
                {
                    _queued--;
                }
                invocation.TryComplete(InvocationResult.PlatformError(invocation.RequestId, "Local.Withdrawn", "The caller stopped waiting before an instance took the invocation."));
            }
        });
        return await invocation.Outcome;
    }

    /// <summary>The Runtime API's <c>/invocation/next</c>: the instance waits for work.</summary>
    internal async Task<PendingInvocation?> NextAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = Find(instanceId);
        if (instance is null)
        {
            return null;
        }
        lock (_gate)
        {
            if (instance.State == InstanceState.Starting)
            {
                _starting--;
            }
            instance.State = InstanceState.Waiting;
            _waiting++;
        }

        PendingInvocation invocation;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            do
            {
                invocation = await _queue.Reader.ReadAsync(linked.Token);
            }
            while (!invocation.TryTake());
        }
        catch (Exception error) when (error is OperationCanceledException or ChannelClosedException)
        {
            lock (_gate)
            {
                _waiting--;
                instance.State = InstanceState.Gone;
            }
            return null;
        }

        lock (_gate)
        {
            _waiting--;
            _queued--;
            instance.State = InstanceState.Busy;
            instance.Current = invocation;
        }
        invocation.Deadline = DateTimeOffset.UtcNow + Definition.Timeout;
        _ = EnforceDeadlineAsync(instance, invocation);
        return invocation;
    }

    /// <summary>The Runtime API's <c>/response</c>.</summary>
    internal bool Respond(string instanceId, string requestId, ReadOnlyMemory<byte> payload) =>
        Finish(instanceId, requestId, InvocationResult.Success(requestId, payload));

    /// <summary>The Runtime API's <c>/error</c>.</summary>
    internal bool Fail(string instanceId, string requestId, ReadOnlyMemory<byte> errorDocument) =>
        Finish(instanceId, requestId, InvocationResult.Error(requestId, errorDocument));

    /// <summary>The Runtime API's <c>/init/error</c>: the invocation that paid for this start fails with it.</summary>
    internal void InitFailed(string instanceId, ReadOnlyMemory<byte> errorDocument)
    {
        var instance = Find(instanceId);
        if (instance is null)
        {
            return;
        }
        _log($"[{Definition.Name}] init failed: {System.Text.Encoding.UTF8.GetString(errorDocument.Span)}");
        instance.InitErrorReported = true;
        FailOneQueued(errorDocument);
    }

    private bool Finish(string instanceId, string requestId, InvocationResult result)
    {
        var instance = Find(instanceId);
        PendingInvocation? current;
        lock (_gate)
        {
            current = instance?.Current;
            if (current is null || current.RequestId != requestId)
            {
                return false;
            }
            instance!.Current = null;
            instance.State = InstanceState.Idle;
        }
        return current.TryComplete(result);
    }

    private async Task EnforceDeadlineAsync(FunctionInstance instance, PendingInvocation invocation)
    {
        var completed = await Task.WhenAny(invocation.Outcome, Task.Delay(Definition.Timeout, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        if (completed == invocation.Outcome || _stopping.IsCancellationRequested)
        {
            return;
        }
        var seconds = Definition.Timeout.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        if (invocation.TryComplete(InvocationResult.PlatformError(invocation.RequestId, "Sandbox.Timedout", $"Task timed out after {seconds} seconds")))
        {
            _log($"[{Definition.Name}] {invocation.RequestId} timed out after {seconds} s; discarding the instance");
            // Lambda never reuses an execution environment after a timeout.
            await RetireAsync(instance);
            ScaleOut();
        }
    }

    private void ScaleOut()
    {
        while (true)
        {
            // The budget asks every function for its instances, so it is asked holding no lock.
            if (!NeedsInstance(out var live) || (live > 0 && _mayAddInstance is not null && !_mayAddInstance()))
            {
                return;
            }
            lock (_gate)
            {
                if (!NeedsInstanceLocked(out _))
                {
                    return;
                }
                _starting++;
            }
            StartInstance();
        }
    }

    private bool NeedsInstance(out int live)
    {
        lock (_gate)
        {
            return NeedsInstanceLocked(out live);
        }
    }

    private bool NeedsInstanceLocked(out int live)
    {
        live = _instances.Values.Count(i => i.State != InstanceState.Gone);
        // An idle instance has just answered and is about to ask for the next event.
        var idle = _instances.Values.Count(i => i.State == InstanceState.Idle);
        return !_closing && _queued > _waiting + _starting + idle && live < _maxConcurrency;
    }

    private void StartInstance()
    {
        var id = Interlocked.Increment(ref _instanceCounter).ToString(CultureInfo.InvariantCulture);
        var instance = new FunctionInstance(id);
        lock (_gate)
        {
            _instances[id] = instance;
        }
        try
        {
            var (file, arguments, directory) = _binaries.CommandFor(Definition.Project);
            instance.Process = ChildProcess.Start(file, arguments, InstanceEnvironment(id, directory),
                line => _log($"[{Definition.Name}] {line}"), inheritEnvironment: false, workingDirectory: directory);
            ColdStarts++;
            _ = WatchExitAsync(instance);
        }
        catch (Exception error) when (error is PrerequisiteException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            lock (_gate)
            {
                _starting--;
                instance.State = InstanceState.Gone;
                _instances.Remove(id);
            }
            _log($"[{Definition.Name}] could not start: {error.Message}");
            FailOneQueued(InvocationResult.ErrorDocument("Runtime.InvalidEntrypoint", error.Message));
        }
    }

    private async Task WatchExitAsync(FunctionInstance instance)
    {
        await instance.Process!.Exited;
        PendingInvocation? current;
        bool diedStarting;
        lock (_gate)
        {
            current = instance.Current;
            diedStarting = instance.State == InstanceState.Starting;
            if (diedStarting)
            {
                _starting--;
            }
            instance.State = InstanceState.Gone;
            instance.Current = null;
            _instances.Remove(instance.Id);
        }
        if (_closing)
        {
            return;
        }
        var exitCode = instance.Process.HasExited ? instance.Process.ExitCode : -1;
        if (current is not null)
        {
            current.TryComplete(InvocationResult.PlatformError(current.RequestId, "Runtime.ExitError",
                $"RequestId: {current.RequestId} Error: Runtime exited with error: exit status {exitCode}"));
        }
        else if (diedStarting && !instance.InitErrorReported)
        {
            FailOneQueued(InvocationResult.ErrorDocument("Runtime.ExitError", $"Runtime exited during init with exit status {exitCode}"));
        }
        ScaleOut();
    }

    private void FailOneQueued(byte[] errorDocument) => FailOneQueued((ReadOnlyMemory<byte>)errorDocument);

    private void FailOneQueued(ReadOnlyMemory<byte> errorDocument)
    {
        PendingInvocation? invocation;
        while (_queue.Reader.TryRead(out invocation) && !invocation.TryTake())
        {
        }
        if (invocation is not null)
        {
            lock (_gate)
            {
                _queued--;
            }
            invocation.TryComplete(InvocationResult.Error(invocation.RequestId, errorDocument));
        }
    }

    private async Task RetireAsync(FunctionInstance instance)
    {
        lock (_gate)
        {
            instance.State = InstanceState.Gone;
            instance.Current = null;
            _instances.Remove(instance.Id);
        }
        if (instance.Process is not null)
        {
            await instance.Process.DisposeAsync();
        }
    }

    private Dictionary<string, string?> InstanceEnvironment(string instanceId, string taskRoot)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in new[] { "PATH", "HOME", "LANG", "TMPDIR", "DOTNET_ROOT", "DOTNET_CLI_HOME" })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }
        foreach (var (name, value) in _platformEnvironment)
        {
            environment[name] = value;
        }
        foreach (var (name, value) in Definition.Environment)
        {
            environment[name] = value;
        }
        environment["AWS_LAMBDA_RUNTIME_API"] = $"{_runtimeApiBase}/_lambda/{Definition.Name}/{instanceId}";
        environment["AWS_LAMBDA_FUNCTION_NAME"] = Definition.Name;
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = Definition.MemoryMb.ToString(CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = $"/aws/lambda/{Definition.Name}";
        environment["_HANDLER"] = Definition.Handler;
        environment["LAMBDA_TASK_ROOT"] = taskRoot;
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        return environment;
    }

    private FunctionInstance? Find(string instanceId)
    {
        lock (_gate)
        {
            return _instances.GetValueOrDefault(instanceId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        List<FunctionInstance> instances;
        lock (_gate)
        {
            instances = [.. _instances.Values];
        }
        // SIGTERM first, as Lambda's shutdown phase does: the runtime stops its loop and exits cleanly
        // while its /next is still open; only then are the long-polls released.
        await Task.WhenAll(instances.Where(i => i.Process is not null).Select(i => i.Process!.StopAsync(TimeSpan.FromSeconds(2))));
        await _stopping.CancelAsync();
        _queue.Writer.TryComplete();
        lock (_gate)
        {
            _instances.Clear();
        }
        await Task.WhenAll(instances.Where(i => i.Process is not null).Select(i => i.Process!.DisposeAsync().AsTask()));
        while (_queue.Reader.TryRead(out var invocation))
        {
            invocation.TryComplete(InvocationResult.PlatformError(invocation.RequestId, "Local.Stopped", "The local environment stopped before this invocation ran."));
        }
        foreach (var instance in instances)
        {
            instance.Current?.TryComplete(InvocationResult.PlatformError(instance.Current.RequestId, "Local.Stopped", "The local environment stopped during this invocation."));
        }
        _stopping.Dispose();
    }

    private enum InstanceState
    {
        Starting,
        Waiting,
        Busy,
        Idle,
        Gone,
    }

    private sealed class FunctionInstance(string id)
    {
        public string Id { get; } = id;
        public InstanceState State { get; set; } = InstanceState.Starting;
        public PendingInvocation? Current { get; set; }
        public ChildProcess? Process { get; set; }
        public bool InitErrorReported { get; set; }
    }
}
