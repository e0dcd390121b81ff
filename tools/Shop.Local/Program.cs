using System.Runtime.InteropServices;
using Shop.Local;
using Shop.Local.Processes;

// The local environment's command line; ./shop calls it after building.
//   up                      start everything, print the endpoints, run until Ctrl-C
//   invoke FUNCTION FILE    run one event through a function's Runtime API and print its response
try
{
    return args switch
    {
        ["up", ..] => await Commands.UpAsync(),
        ["invoke", var function, var file] => await Commands.InvokeAsync(function, file),
        _ => Commands.Usage(),
    };
}
catch (PrerequisiteException error)
{
    Console.Error.WriteLine($"shop: {error.Message}");
    return 2;
}
catch (Exception error) when (error is InvalidOperationException or NotSupportedException or Shop.Lambda.Aws.AwsServiceException or Amazon.Runtime.AmazonServiceException)
{
    // Everything already started has been stopped; say what failed without a stack trace.
    Console.Error.WriteLine($"shop: the local environment could not start: {error.Message}");
    return 1;
}

internal static class Commands
{
    public static int Usage()
    {
        Console.Error.WriteLine("usage: Shop.Local up | invoke FUNCTION EVENT_FILE");
        return 64;
    }

    public static async Task<int> UpAsync()
    {
        var options = LocalEnvironmentOptions.FromEnvironment(RepositoryRoot(), Environment.GetEnvironmentVariable);
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

        await using var environment = await LocalEnvironment.StartAsync(options, stop.Token);
        Console.WriteLine($"""

            Shop is running locally.
              API             {environment.ApiUrl}   (try {environment.ApiUrl}health, {environment.ApiUrl}categories)
              API docs        {environment.ApiUrl}docs
              AWS endpoint    {environment.EdgeUrl}   (AWS_ENDPOINT_URL={environment.EdgeUrl} aws dynamodb list-tables)
              PostgreSQL      127.0.0.1:{options.PostgresPort}
              Seed accounts   {Shop.Local.Seeding.SeedUsers.AdminEmail}, {Shop.Local.Seeding.SeedUsers.SellerEmail} (password {options.SeedPassword})
              Logs            {environment.Paths.LogDirectory}
            Press Ctrl-C to stop everything.

            """);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("stopping...");
        }
        return 0;
    }

    public static async Task<int> InvokeAsync(string function, string eventFile)
    {
        if (!File.Exists(eventFile))
        {
            throw new PrerequisiteException($"No event file at {eventFile}.");
        }
        var payload = await File.ReadAllBytesAsync(eventFile);
        var root = RepositoryRoot();
        var running = LocalEnvironmentOptions.FromEnvironment(root, Environment.GetEnvironmentVariable);
        var result = await RunningEnvironment.TryInvokeAsync(running.EdgePort, function, payload)
            ?? await InvokeInFreshEnvironmentAsync(root, function, payload);
        Console.WriteLine(result.Text);
        return result.FunctionError is null ? 0 : 1;
    }

    /// <summary>Nothing is running: start a quiet environment on free ports, invoke once, stop it.</summary>
    private static async Task<RunningEnvironment.Result> InvokeInFreshEnvironmentAsync(string root, string function, byte[] payload)
    {
        var state = Path.Combine(root, ".shop", "invoke");
        var configured = LocalEnvironmentOptions.FromEnvironment(root, Environment.GetEnvironmentVariable);
        var options = configured.OnFreePorts(state) with { Log = new LocalPaths(root, state).LogWriter("invoke") };
        Console.Error.WriteLine($"shop: no environment on port {configured.EdgePort}; starting one for this invocation (log: {Path.Combine(state, "logs", "invoke.log")})");
        await using var environment = await LocalEnvironment.StartAsync(options);
        var outcome = await environment.FindFunction(function).InvokeAsync(payload);
        return new RunningEnvironment.Result(outcome.PayloadText, outcome.FunctionError);
    }

    private static string RepositoryRoot() =>
        LocalPaths.FindRepositoryRoot(Environment.GetEnvironmentVariable("SHOP_ROOT") ?? Environment.CurrentDirectory);
}
