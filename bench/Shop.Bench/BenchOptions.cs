using System.Globalization;

namespace Shop.Bench;

/// <summary>The bench's command line. Every count has a ceiling so that no invocation runs unbounded.</summary>
internal sealed record BenchOptions(
    int ColdStarts, int WarmUpStarts, int Requests, int SearchProducts, int SearchQueries, bool RunColdStarts, bool RunBridge, bool RunSearch,
    int Orders = 60, int OrderConcurrency = 4, bool RunOrders = false, int UploadRows = 100_000, bool RunUploads = false,
    int Checkouts = 500, int CheckoutUnits = 100, int CheckoutRounds = 20, int CheckoutConcurrency = 500, int CheckoutMembers = 1500, bool RunCheckout = false)
{
    public const string Usage = """
        usage: ./shop bench [--cold-starts N] [--warm-up N] [--requests N] [--only cold|bridge|search|orders|uploads|checkout]
                            [--search-products N] [--search-queries N] [--orders N] [--order-concurrency N] [--upload-rows N]
                            [--checkouts N] [--checkout-units N] [--checkout-rounds N] [--checkout-concurrency N]
                            [--checkout-members N]
          --cold-starts N      measured cold starts per function, 1..200 (default 50)
          --warm-up N          cold starts per function run first and discarded, 0..10 (default 2)
          --requests N         timed requests per path for the bridge overhead, 1000..1000000 (default 100000)
          --only KIND          run only the cold starts, only the bridge overhead or only the search bench;
                               search runs only when asked for (at 1,000,000 products it takes about 10 minutes)
          --search-products N  products in the search index, 1000..2000000 (default 1000000)
          --search-queries N   timed queries per search query class, 10..10000 (default 500)
          --orders N           orders placed (and raw transactions) in the order bench, 20..500 (default 60)
          --order-concurrency N  requests in flight in the order bench, 1..32 (default 4)
          --upload-rows N      rows of the generated catalog file in the upload bench, 1000..1000000 (default 100000)
          --checkouts N        checkouts per round of the oversell run, 10..500 (default 500)
          --checkout-units N   units of the SKU per round, 1..500 (default 100)
          --checkout-rounds N  rounds, 1..20 (default 20)
          --checkout-concurrency N  orders placed at once, 1..500 (default 500)
          --checkout-members N  members registered; each round draws its checkouts from them at random,
                               10..5000 (default 1500; at least --checkouts)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(ColdStarts: 50, WarmUpStarts: 2, Requests: 100_000, SearchProducts: 1_000_000, SearchQueries: 500,
            RunColdStarts: true, RunBridge: true, RunSearch: false);
        var searchOptionGiven = false;
        for (var i = 0; i < args.Count; i += 2)
        {
            var option = args[i];
            var value = i + 1 < args.Count ? args[i + 1] : null;
            options = option switch
            {
                "--cold-starts" => options with { ColdStarts = Count(option, value, 1, 200) },
                "--warm-up" => options with { WarmUpStarts = Count(option, value, 0, 10) },
                "--requests" => options with { Requests = Count(option, value, 1000, 1_000_000) },
                "--search-products" => options with { SearchProducts = Count(option, value, 1000, 2_000_000) },
                "--search-queries" => options with { SearchQueries = Count(option, value, 10, 10_000) },
                "--orders" => options with { Orders = Count(option, value, 20, 500) },
                "--order-concurrency" => options with { OrderConcurrency = Count(option, value, 1, 32) },
                "--upload-rows" => options with { UploadRows = Count(option, value, 1000, 1_000_000) },
                "--checkouts" => options with { Checkouts = Count(option, value, 10, 500) },
                "--checkout-units" => options with { CheckoutUnits = Count(option, value, 1, 500) },
                "--checkout-rounds" => options with { CheckoutRounds = Count(option, value, 1, 20) },
                "--checkout-concurrency" => options with { CheckoutConcurrency = Count(option, value, 1, 500) },
                "--checkout-members" => options with { CheckoutMembers = Count(option, value, 10, 5000) },
                "--only" => value switch
                {
                    "cold" => Nothing(options) with { RunColdStarts = true },
                    "bridge" => Nothing(options) with { RunBridge = true },
                    "search" => Nothing(options) with { RunSearch = true },
                    "orders" => Nothing(options) with { RunOrders = true },
                    "uploads" => Nothing(options) with { RunUploads = true },
                    "checkout" => Nothing(options) with { RunCheckout = true },
                    _ => throw new ArgumentException($"--only takes cold, bridge, search, orders, uploads or checkout, not '{value}'."),
                },
                _ => throw new ArgumentException($"Unknown option '{option}'."),
            };
            searchOptionGiven |= option.StartsWith("--search-", StringComparison.Ordinal);
        }
        if (searchOptionGiven && !options.RunSearch)
        {
            // Rather than measure something else and silently ignore the option.
            throw new ArgumentException("--search-products and --search-queries apply only with --only search.");
        }
        return options;
    }

    /// <summary>The options with every part switched off, for <c>--only</c> to switch one on.</summary>
    private static BenchOptions Nothing(BenchOptions options) => options with
    {
        RunColdStarts = false, RunBridge = false, RunSearch = false, RunOrders = false, RunUploads = false, RunCheckout = false,
    };

    private static int Count(string option, string? value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= min && count <= max
            ? count
            : throw new ArgumentException($"{option} takes a whole number from {min} to {max}, not '{value}'.");
}
