using System.Globalization;

namespace Shop.Bench;

/// <summary>The bench's command line. Every count has a ceiling so that no invocation runs unbounded.</summary>
internal sealed record BenchOptions(int ColdStarts, int WarmUpStarts, int Requests, bool RunColdStarts, bool RunBridge)
{
    public const string Usage = """
        usage: ./shop bench [--cold-starts N] [--warm-up N] [--requests N] [--only cold|bridge]
          --cold-starts N  measured cold starts per function, 1..200 (default 50)
          --warm-up N      cold starts per function run first and discarded, 0..10 (default 2)
          --requests N     timed requests per path for the bridge overhead, 1000..1000000 (default 100000)
          --only KIND      run only the cold starts or only the bridge overhead
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(ColdStarts: 50, WarmUpStarts: 2, Requests: 100_000, RunColdStarts: true, RunBridge: true);
        for (var i = 0; i < args.Count; i += 2)
        {
            var option = args[i];
            var value = i + 1 < args.Count ? args[i + 1] : null;
            options = option switch
            {
                "--cold-starts" => options with { ColdStarts = Count(option, value, 1, 200) },
                "--warm-up" => options with { WarmUpStarts = Count(option, value, 0, 10) },
                "--requests" => options with { Requests = Count(option, value, 1000, 1_000_000) },
                "--only" => value switch
                {
                    "cold" => options with { RunBridge = false },
                    "bridge" => options with { RunColdStarts = false },
                    _ => throw new ArgumentException($"--only takes cold or bridge, not '{value}'."),
                },
                _ => throw new ArgumentException($"Unknown option '{option}'."),
            };
        }
        return options;
    }

    private static int Count(string option, string? value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= min && count <= max
            ? count
            : throw new ArgumentException($"{option} takes a whole number from {min} to {max}, not '{value}'.");
}
