using Microsoft.Extensions.Hosting;
using Shop.Lambda.Runtime;
using Shop.TestFunctions;

var recordFile = Environment.GetEnvironmentVariable("RECORD_FILE") ?? Path.Combine(Path.GetTempPath(), "shop-test-function.log");
var handlers = new HandlerRegistry()
    .Add("echo", _ => new Echo())
    .Add("throw", _ => new Throw())
    .Add("exit", _ => new Exit())
    .Add("sleep", _ => new Sleep())
    .Add("process-id", _ => new ProcessId())
    .Add("large", _ => new Large())
    .Add("record", _ => new Recorder(recordFile))
    .Add("sqs-record", _ => new SqsRecorder(recordFile))
    .Add("stream-record", _ => new StreamRecorder(recordFile));

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.AddLambdaRuntime(handlers);
await builder.Build().RunAsync();
return Environment.ExitCode;
