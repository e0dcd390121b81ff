using Microsoft.Extensions.Hosting;
using Shop.Bench.EmptyFunction;
using Shop.Lambda.Runtime;

// Everything a Shop function pays for before its own code: the host, JSON logging, EMF metrics
// and the Runtime API loop. The bench subtracts this from the Api's cold start.
var handlers = new HandlerRegistry().Add(Echo.HandlerName, _ => new Echo());

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
builder.AddLambdaRuntime(handlers);
await builder.Build().RunAsync();
return Environment.ExitCode;
