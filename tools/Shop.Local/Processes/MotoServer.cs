namespace Shop.Local.Processes;

/// <summary>
/// moto_server through the project's launcher (moto/launch_moto.py): DynamoDB and streams, S3,
/// SQS, Step Functions executing real definitions, Cognito, Secrets Manager, STS, IAM.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private MotoServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public Uri Endpoint => new($"http://127.0.0.1:{Port}");

    /// <param name="edgePort">Where moto's Step Functions interpreter sends its AWS calls (Lambda tasks reach the edge).</param>
    public static async Task<MotoServer> StartAsync(LocalPaths paths, int port, int edgePort, string python, Action<string> log)
    {
        Ports.EnsureFree(port, "moto_server", "SHOP_MOTO_PORT");
        var launcher = Path.Combine(paths.ToolDirectory, "moto", "launch_moto.py");
        var logFile = paths.LogWriter("moto");
        var environment = new Dictionary<string, string?>
        {
            ["MOTO_PORT"] = edgePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // moto answers for any account; pin the one the templates and ARNs use.
            ["MOTO_ACCOUNT_ID"] = LocalAws.AccountId,
            ["AWS_DEFAULT_REGION"] = LocalAws.Region,
            ["AWS_ACCESS_KEY_ID"] = LocalAws.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = LocalAws.SecretAccessKey,
            ["PYTHONUNBUFFERED"] = "1",
        };
        var process = ChildProcess.Start(python, [launcher, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment, logFile);
        var server = new MotoServer(process, port);
        try
        {
            await Ports.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60), () => process.HasExited, "moto_server");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        log($"moto_server listening on 127.0.0.1:{port} (log: {paths.LogFile("moto")})");
        return server;
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
