using Shop.Bench;
using Shop.Bench.Bridge;
using Shop.Bench.ColdStarts;
using Shop.Bench.Checkout;
using Shop.Bench.Orders;
using Shop.Bench.Search;
using Shop.Bench.Uploads;
using Shop.Core;
using Shop.Local;
using Shop.Local.Functions;
using Shop.Local.Processes;

// Cold starts through the Runtime API, the bridge's in-process overhead and (when asked for) the
// embedded search engine at catalog scale, printed as markdown
// (results to stdout, progress to stderr). Record a run in bench/RESULTS.md; see bench/README.md.
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"shop bench: {error.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 64;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, press) =>
{
    // Stop between measurements, so the function processes are stopped on the way out.
    press.Cancel = true;
    stopping.Cancel();
};

Console.WriteLine("## Shop bench");
Console.WriteLine();
Console.WriteLine(Machine.Describe(string.Join(' ', ["./shop bench", .. args])));

try
{
    // The cold starts and the bridge need the repository (function builds, events/); the search bench needs nothing of it.
    var root = options.RunColdStarts || options.RunBridge || options.RunOrders || options.RunUploads || options.RunCheckout ? LocalPaths.FindRepositoryRoot(AppContext.BaseDirectory) : null;
    var paths = root is null ? null : new LocalPaths(root, Path.Combine(root, ".shop", "bench"));
    var docsEvent = root is null ? [] : await File.ReadAllBytesAsync(Path.Combine(root, "events", "docs-get-apigw.json"));

    if (options.RunColdStarts)
    {
        Console.Error.WriteLine($"cold starts: {options.ColdStarts} per function, after {options.WarmUpStarts} discarded, functions taking turns");
        await using var server = await RuntimeApiServer.StartAsync();
        var platform = BenchSettings.Platform($"http://{server.Address}");
        var api = platform.Concat(BenchSettings.Api()).ToDictionary();
        const string baseline = "empty handler, Native AOT";
        ColdStartTarget[] targets =
        [
            new("Api, Native AOT", "Shop.Api", ShopNames.Handlers.Api, FunctionMode.Aot, api, ColdStartTarget.ApiAnsweredDocs),
            new("Api, JIT (dotnet Shop.Api.dll, debug build)", "Shop.Api", ShopNames.Handlers.Api, FunctionMode.Jit, api, ColdStartTarget.ApiAnsweredDocs),
            // "echo" is the one handler bench/Shop.Bench.EmptyFunction registers.
            new(baseline, "Shop.Bench.EmptyFunction", "echo", FunctionMode.Aot, platform, ColdStartTarget.EchoedBack(docsEvent)),
        ];
        var results = await new ColdStartBench(server, paths!, Console.Error.WriteLine)
            .RunAsync(targets, docsEvent, options.WarmUpStarts, options.ColdStarts, stopping.Token);
        Console.WriteLine(ColdStartReport.Render(results, baseline));
    }

    if (options.RunBridge)
    {
        Console.Error.WriteLine($"bridge overhead: {options.Requests} timed requests per path");
        await using var api = await InProcessApi.StartAsync();
        var figures = await new BridgeBench(api, docsEvent, Console.Error.WriteLine)
            .RunAsync(options.Requests, warmUpIterations: 30_000, stopping.Token);
        Console.WriteLine(BridgeReport.Render(figures));
    }

    if (options.RunSearch)
    {
        Console.Error.WriteLine($"search: {options.SearchProducts:N0} products, {options.SearchQueries} timed queries per class");
        var figures = await new SearchBench(Console.Error.WriteLine).RunAsync(options.SearchProducts, options.SearchQueries, stopping.Token);
        Console.WriteLine(SearchReport.Render(figures));
    }

    if (options.RunOrders)
    {
        var figures = await new OrderBench(Console.Error.WriteLine).RunAsync(root!, options.Orders, options.OrderConcurrency, stopping.Token);
        Console.WriteLine(OrderReport.Render(figures));
    }

    if (options.RunCheckout)
    {
        var figures = await new CheckoutBench(Console.Error.WriteLine).RunAsync(
            root!, options.Checkouts, options.CheckoutUnits, options.CheckoutRounds, options.CheckoutConcurrency, options.CheckoutMembers, stopping.Token);
        Console.WriteLine(CheckoutReport.Render(figures));
    }

    if (options.RunUploads)
    {
        var figures = await new UploadBench(Console.Error.WriteLine).RunAsync(root!, options.UploadRows, stopping.Token);
        Console.WriteLine(UploadReport.Render(figures));
    }
}
catch (PrerequisiteException missing)
{
    Console.Error.WriteLine($"shop bench: {missing.Message}");
    return 2;
}
catch (MeasurementInvalidException failed)
{
    Console.Error.WriteLine($"shop bench: {failed.Message}");
    return 1;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.Error.WriteLine("shop bench: stopped");
    return 130;
}

Console.WriteLine($"Load average at the end (1/5/15 min): {Machine.LoadAverage()}");
return 0;
