using Microsoft.Extensions.Hosting;
using Shop.Lambda.Runtime;

var handlers = new HandlerRegistry();
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.AddLambdaRuntime(handlers);
await builder.Build().RunAsync();
return Environment.ExitCode;
