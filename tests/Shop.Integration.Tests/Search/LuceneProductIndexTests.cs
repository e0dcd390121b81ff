using Shop.Core.Search;
using Shop.Integration.Tests.Support;
using Shop.Local.Search;
using static Shop.Integration.Tests.Search.ProductDocumentBuilder;

namespace Shop.Integration.Tests.Search;

/// <summary>The embedded engine against the conformance suite, plus what only it has: a clock, a directory, a lifetime.</summary>
public sealed class LuceneProductIndexTests(LuceneProductIndexTests.IndexOnDisk disk)
    : ProductIndexConformance(disk.Index), IClassFixture<LuceneProductIndexTests.IndexOnDisk>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ShowsWriteWithoutRefresh_OnlyOnceTheRefreshIntervalHasPassed()
    {
        using var directory = new TemporaryDirectory();
        var clock = new ManualClock();
        using var index = new LuceneProductIndex(directory.Path, clock);
        await index.UpsertAsync(AProduct().Named("Desk Lamp").Build(), None);

        var before = await SearchAsync(index, "lamp");
        clock.Advance(LuceneProductIndex.RefreshInterval);
        var after = await SearchAsync(index, "lamp");

        Assert.Equal(0, before.Total);
        Assert.Equal(1, after.Total);
    }

    [Fact]
    public async Task FindsProduct_WhenWordIsAttributeName()
    {
        using var directory = new TemporaryDirectory();
        using var index = new LuceneProductIndex(directory.Path);
        var lamp = AProduct().Named("Desk Lamp").WithAttribute("wattage", "40").Build();
        await index.UpsertAsync(lamp, None);
        await index.UpsertAsync(AProduct().Named("Desk Lamp").WithAttribute("color", "black").Build(), None);
        await index.RefreshAsync(None);

        var results = await SearchAsync(index, "wattage");

        Assert.Equal([lamp.Id], results.Hits.Select(h => h.Product.Id));
    }

    [Fact]
    public async Task KeepsDocuments_WhenReopenedOnTheSameDirectory()
    {
        using var directory = new TemporaryDirectory();
        var lamp = AProduct().Named("Desk Lamp").AtVersion(4).Build();
        using (var first = new LuceneProductIndex(directory.Path))
        {
            await first.EnsureCreatedAsync(None);
            await first.UpsertAsync(lamp, None);
        }

        using var reopened = new LuceneProductIndex(directory.Path);
        var results = await SearchAsync(reopened, "lamp");
        var olderStored = await reopened.UpsertAsync(lamp with { Version = 3 }, None);

        AssertSameDocument(lamp, Assert.Single(results.Hits).Product);
        Assert.False(olderStored);
    }

    [Fact]
    public async Task RefusesPing_WhenDisposed()
    {
        using var directory = new TemporaryDirectory();
        var index = new LuceneProductIndex(directory.Path);
        await index.PingAsync(None);

        index.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => index.PingAsync(None));
    }

    private static Task<SearchResults> SearchAsync(IProductIndex index, string text) =>
        index.SearchAsync(new SearchQuery(text, SearchFilters.None, SearchSort.Relevance, 10), None);

    /// <summary>The class's index, in a directory of its own that is deleted with it.</summary>
    public sealed class IndexOnDisk : IDisposable
    {
        private readonly TemporaryDirectory _directory = new();

        public IndexOnDisk() => Index = new LuceneProductIndex(_directory.Path);

        public LuceneProductIndex Index { get; }

        public void Dispose()
        {
            Index.Dispose();
            _directory.Dispose();
        }
    }

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "shop-lucene-" + Guid.NewGuid().ToString("N")[..8]);

        public void Dispose() => TestState.Remove(Path);
    }

    /// <summary>Time that moves only when told to.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
