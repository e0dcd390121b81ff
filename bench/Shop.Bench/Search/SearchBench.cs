using System.Diagnostics;
using System.Runtime;
using System.Security.Cryptography;
using System.Text.Json;
using Shop.Core.Search;
using Shop.Local.Search;

namespace Shop.Bench.Search;

/// <summary>Building the index: the engine's time against the floor of generating and serializing the same documents.</summary>
internal sealed record BuildFigures(
    int Products,
    int Writers,
    TimeSpan FloorGenerate,
    TimeSpan FloorSerialize,
    long JsonBytes,
    TimeSpan Generate,
    TimeSpan Upsert,
    TimeSpan Refresh,
    IReadOnlyList<double> RateByTenth,
    DiskUse AfterRefresh,
    TimeSpan Close,
    DiskUse AfterClose,
    string Fingerprint)
{
    public TimeSpan Floor => FloorGenerate + FloorSerialize;

    public TimeSpan Build => Generate + Upsert + Refresh;
}

internal sealed record DiskUse(long Bytes, int Segments);

/// <param name="Slowest">The timed query that took longest, with its time and matches: where a tail comes from.</param>
/// <param name="GcPauses">For each timed query, how long the runtime paused the process for garbage collection while it ran (ms).</param>
internal sealed record ClassFigures(
    string Label, string Example, Distribution Millis, Distribution Matches, int WarmUps, TimeSpan? StoppedAfter, (string Shown, double Millis, double Matches)? Slowest,
    Distribution GcPauses);

/// <summary>Collections of each generation, and the time paused for them, over the timed queries.</summary>
internal sealed record GcFigures(int Gen0, int Gen1, int Gen2, TimeSpan Paused);

internal sealed record SearchFigures(BuildFigures Build, IReadOnlyList<ClassFigures> Classes, string Baseline, IReadOnlyList<MemorySnapshot> Memory, int Seed, GcFigures Gc);

/// <summary>
/// The embedded search engine at catalog scale: builds a <see cref="LuceneProductIndex"/> of
/// generated products in a temporary directory (deleted at the end, also on failure), then runs
/// the query classes of <see cref="QueryMix"/> taking turns, each query timed on its own.
/// </summary>
internal sealed class SearchBench(Action<string> progress)
{
    /// <summary>Queries of each class run first and discarded (JIT, page cache, the searcher's caches).</summary>
    public const int WarmUps = 50;

    /// <summary>A class whose queries have taken this long in all stops there; the others go on.</summary>
    public static readonly TimeSpan ClassBudget = TimeSpan.FromMinutes(3);

    /// <summary>The build stops with an error past this: at the rates seen on 2 cores, 1,000,000 products take a fraction of it.</summary>
    public static readonly TimeSpan BuildBudget = TimeSpan.FromMinutes(45);

    private const int Chunk = 10_000;
    private const int FingerprintDocuments = 1_000;
    private const int Samples = 4_000;

    public async Task<SearchFigures> RunAsync(int products, int queriesPerClass, CancellationToken cancellationToken)
    {
        const int seed = ProductGenerator.DefaultSeed;
        var writers = Environment.ProcessorCount;
        var (floorGenerate, floorSerialize, jsonBytes, fingerprint) = MeasureFloor(products, seed, writers, cancellationToken);
        progress($"  floor: {products:N0} documents generated and serialized to JSON in {(floorGenerate + floorSerialize).TotalSeconds:F1} s (fingerprint {fingerprint})");

        var directory = Directory.CreateTempSubdirectory("shop-bench-search-");
        try
        {
            var memory = new List<MemorySnapshot>();
            BuildFigures build;
            List<ClassFigures> classes;
            GcFigures gc;
            var index = new LuceneProductIndex(directory.FullName);
            TimeSpan close;
            try
            {
                await index.EnsureCreatedAsync(cancellationToken);
                var (generate, upsert, refresh, rates, samples, builtFingerprint) = await BuildAsync(index, products, seed, writers, cancellationToken);
                if (builtFingerprint != fingerprint)
                {
                    throw new MeasurementInvalidException($"The generator gave different documents in two passes (fingerprints {fingerprint} and {builtFingerprint}).");
                }
                await CheckEverythingSearchableAsync(index, products, cancellationToken);
                var afterRefresh = DiskUseOf(directory);
                memory.Add(MemorySnapshot.Take("after the build (peak: build)"));
                var peakReset = MemorySnapshot.ResetPeak();

                var mix = QueryMix.Draw(new ProductGenerator(seed), samples, WarmUps + queriesPerClass, seed + 1);
                (classes, gc) = await RunQueriesAsync(index, mix, queriesPerClass, cancellationToken);
                memory.Add(MemorySnapshot.Take(peakReset ? "after the queries (peak: queries only)" : "after the queries (peak: whole run)"));

                build = new BuildFigures(products, writers, floorGenerate, floorSerialize, jsonBytes, generate, upsert, refresh, rates,
                    afterRefresh, TimeSpan.Zero, new DiskUse(0, 0), fingerprint);
            }
            finally
            {
                var closing = Stopwatch.GetTimestamp();
                // Commits and waits for merges in progress.
                index.Dispose();
                close = Stopwatch.GetElapsedTime(closing);
            }
            build = build with { Close = close, AfterClose = DiskUseOf(directory) };
            return new SearchFigures(build, classes, QueryMix.OneSeller, memory, seed, gc);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The floor: the same documents generated (one thread, in chunks, as the build does) and
    /// each serialized to UTF-8 JSON by as many threads as the build writes with. The engine
    /// does both for every document and more.
    /// </summary>
    private (TimeSpan Generate, TimeSpan Serialize, long Bytes, string Fingerprint) MeasureFloor(
        int products, int seed, int threads, CancellationToken cancellationToken)
    {
        var generator = new ProductGenerator(seed);
        var chunk = new ProductDocument[Math.Min(Chunk, products)];
        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long generateTicks = 0, serializeTicks = 0, bytes = 0;
        for (var done = 0; done < products;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var size = Math.Min(chunk.Length, products - done);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < size; i++)
            {
                chunk[i] = generator.Next();
            }
            var generated = Stopwatch.GetTimestamp();
            Parallel.For(0, size, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => 0L,
                (i, _, written) => written + JsonSerializer.SerializeToUtf8Bytes(chunk[i], SearchBenchJsonContext.Default.ProductDocument).Length,
                written => Interlocked.Add(ref bytes, written));
            var serialized = Stopwatch.GetTimestamp();
            generateTicks += generated - started;
            serializeTicks += serialized - generated;
            AddToFingerprint(fingerprint, chunk, done, size);
            done += size;
        }
        return (Elapsed(generateTicks), Elapsed(serializeTicks), bytes, Fingerprint(fingerprint));
    }

    private async Task<(TimeSpan Generate, TimeSpan Upsert, TimeSpan Refresh, List<double> RateByTenth, List<ProductDocument> Samples, string Fingerprint)> BuildAsync(
        LuceneProductIndex index, int products, int seed, int writers, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(BuildBudget);
        var generator = new ProductGenerator(seed);
        var chunk = new ProductDocument[Math.Min(Chunk, products)];
        var stride = Math.Max(1, products / Samples);
        var samples = new List<ProductDocument>();
        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var tenths = new (int Documents, long Ticks)[10];
        long generateTicks = 0, upsertTicks = 0;
        var refused = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = writers, CancellationToken = budget.Token };
        for (var done = 0; done < products;)
        {
            var size = Math.Min(chunk.Length, products - done);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < size; i++)
            {
                chunk[i] = generator.Next();
            }
            var generated = Stopwatch.GetTimestamp();
            try
            {
                await Parallel.ForEachAsync(chunk.Take(size), options, async (document, token) =>
                {
                    if (!await index.UpsertAsync(document, token))
                    {
                        Interlocked.Increment(ref refused);
                    }
                });
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new MeasurementInvalidException($"The index build passed its {BuildBudget.TotalMinutes:0} minute budget after {done:N0} of {products:N0} products.");
            }
            var upserted = Stopwatch.GetTimestamp();
            generateTicks += generated - started;
            upsertTicks += upserted - generated;

            var tenth = (int)((long)done * 10 / products);
            tenths[tenth] = (tenths[tenth].Documents + size, tenths[tenth].Ticks + (upserted - started));
            for (var i = 0; i < size; i++)
            {
                if ((done + i) % stride == 0)
                {
                    samples.Add(chunk[i]);
                }
            }
            AddToFingerprint(fingerprint, chunk, done, size);
            var before = done;
            done += size;
            if (done * 10L / products > before * 10L / products)
            {
                progress($"  indexed {done:N0}/{products:N0} ({done / Elapsed(generateTicks + upsertTicks).TotalSeconds:N0} docs/s so far)");
            }
        }
        if (refused > 0)
        {
            throw new MeasurementInvalidException($"The index refused {refused} of {products} new documents as older than what it holds.");
        }

        var refreshing = Stopwatch.GetTimestamp();
        await index.RefreshAsync(cancellationToken);
        var refresh = Stopwatch.GetElapsedTime(refreshing);
        var rates = tenths.Where(t => t.Documents > 0).Select(t => t.Documents / Elapsed(t.Ticks).TotalSeconds).ToList();
        return (Elapsed(generateTicks), Elapsed(upsertTicks), refresh, rates, samples, Fingerprint(fingerprint));
    }

    /// <summary>A query for everything must count every product, or the figures are of a smaller index than claimed.</summary>
    private static async Task CheckEverythingSearchableAsync(IProductIndex index, int products, CancellationToken cancellationToken)
    {
        var everything = await index.SearchAsync(new SearchQuery(null, SearchFilters.None, SearchSort.Newest, QueryMix.PageSize), cancellationToken);
        if (everything.Total != products || everything.Hits.Count != Math.Min(products, QueryMix.PageSize))
        {
            throw new MeasurementInvalidException($"After the refresh a search for everything finds {everything.Total} products ({everything.Hits.Count} on the page), not {products}.");
        }
    }

    /// <summary>
    /// Rounds in which every class still running puts one query, the first class rotating from
    /// round to round, so that whatever else the machine does falls on all classes alike. Each
    /// query is timed on its own; a class stops once its queries have used <see cref="ClassBudget"/>.
    /// </summary>
    private async Task<(List<ClassFigures>, GcFigures)> RunQueriesAsync(IProductIndex index, IReadOnlyList<QueryClass> mix, int timed, CancellationToken cancellationToken)
    {
        // The build's garbage is collected here, not during the first timed queries.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var millis = mix.Select(_ => new List<double>(timed)).ToArray();
        var paused = mix.Select(_ => new List<double>(timed)).ToArray();
        var gcAtStart = (Gen0: 0, Gen1: 0, Gen2: 0, Paused: TimeSpan.Zero);
        var matches = mix.Select(_ => new List<double>(timed)).ToArray();
        var used = new long[mix.Count];
        var stopped = new TimeSpan?[mix.Count];
        var slowest = new (string Shown, double Millis, double Matches)?[mix.Count];
        for (var round = 0; round < WarmUps + timed; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var turn = 0; turn < mix.Count; turn++)
            {
                var c = (round + turn) % mix.Count;
                if (stopped[c] is not null)
                {
                    continue;
                }
                var probe = mix[c].Probes[round];
                var pausedBefore = GC.GetTotalPauseDuration();
                var started = Stopwatch.GetTimestamp();
                var found = await probe.RunAsync(index, cancellationToken);
                var elapsed = Stopwatch.GetTimestamp() - started;
                used[c] += elapsed;
                if (round >= WarmUps)
                {
                    var ms = Elapsed(elapsed).TotalMilliseconds;
                    millis[c].Add(ms);
                    paused[c].Add((GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds);
                    matches[c].Add(found);
                    if (slowest[c] is not { } slow || ms > slow.Millis)
                    {
                        slowest[c] = (probe.Shown, ms, found);
                    }
                }
                if (Elapsed(used[c]) > ClassBudget)
                {
                    stopped[c] = Elapsed(used[c]);
                    progress($"  {mix[c].Label}: stopped after {Math.Max(0, round + 1 - WarmUps)} timed queries, its {ClassBudget.TotalMinutes:0} minute budget used");
                }
            }
            if (round == WarmUps - 1)
            {
                gcAtStart = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            }
            if (round >= WarmUps && (round + 1 - WarmUps) % 100 == 0)
            {
                progress($"  {round + 1 - WarmUps}/{timed} queries per class");
            }
        }
        var gc = new GcFigures(GC.CollectionCount(0) - gcAtStart.Gen0, GC.CollectionCount(1) - gcAtStart.Gen1, GC.CollectionCount(2) - gcAtStart.Gen2,
            GC.GetTotalPauseDuration() - gcAtStart.Paused);
        var classes = mix.Select((q, c) => new ClassFigures(q.Label, q.Probes[WarmUps].Shown, new Distribution(millis[c]), new Distribution(matches[c]), WarmUps, stopped[c], slowest[c],
            new Distribution(paused[c]))).ToList();
        return (classes, gc);
    }

    private static void AddToFingerprint(IncrementalHash fingerprint, ProductDocument[] chunk, int done, int size)
    {
        for (var i = 0; i < size && done + i < FingerprintDocuments; i++)
        {
            fingerprint.AppendData(JsonSerializer.SerializeToUtf8Bytes(chunk[i], SearchBenchJsonContext.Default.ProductDocument));
        }
    }

    /// <summary>SHA-256 of the first 1,000 documents' JSON, cut to 16 hex digits: equal fingerprints, equal documents.</summary>
    private static string Fingerprint(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset())[..16];

    private static DiskUse DiskUseOf(DirectoryInfo directory)
    {
        var files = directory.EnumerateFiles("*", SearchOption.AllDirectories).ToList();
        return new DiskUse(files.Sum(f => f.Length), files.Count(f => f.Extension == ".si"));
    }

    private static TimeSpan Elapsed(long ticks) => TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);
}

/// <summary>The bench process's memory at one point: /proc/self/status and the GC's own view.</summary>
internal sealed record MemorySnapshot(string When, double PeakRssMib, double RssMib, double AnonMib, double FileMib, double HeapMib, double LiveMib, bool ServerGc)
{
    public static MemorySnapshot Take(string when)
    {
        var status = File.ReadLines("/proc/self/status")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Trim(), StringComparer.Ordinal);
        double Mib(string key) => status.TryGetValue(key, out var value) && long.TryParse(value.Split(' ')[0], out var kib) ? kib / 1024.0 : double.NaN;
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes / 1024.0 / 1024.0;
        // Read /proc first: the full collection below changes what it would show.
        var peak = Mib("VmHWM");
        var rss = Mib("VmRSS");
        var anon = Mib("RssAnon");
        var file = Mib("RssFile");
        var live = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
        return new MemorySnapshot(when, peak, rss, anon, file, heap, live, GCSettings.IsServerGC);
    }

    /// <summary>Starts VmHWM again from the current RSS (writing 5 to clear_refs), so the next peak is of what follows; false if the kernel refuses.</summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
