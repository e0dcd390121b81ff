using Shop.Adapters.DynamoDb;
using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Catalog;

/// <summary>The category tree against moto's DynamoDB: creates and moves through the use cases, as the Api runs them.</summary>
[Collection(LocalEnvironmentCollection.Name)]
public sealed class DynamoDbCategoryStoreTests(LocalEnvironmentFixture fixture) : IAsyncLifetime
{
    private DynamoDbCategoryStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new DynamoDbCategoryStore(fixture.Environment.Aws.DynamoDb, await CatalogTable.CreateAsync(fixture.Environment.Aws.DynamoDb));
        // Seeded the way ./shop up seeds: unconditional puts, no tree revision yet.
        foreach (var category in new[]
        {
            new Category("electronics", "Electronics", null, "/electronics", 0),
            new Category("phones", "Phones", "electronics", "/electronics/phones", 0),
            new Category("cases", "Cases", "phones", "/electronics/phones/cases", 0),
            new Category("rugged", "Rugged", "cases", "/electronics/phones/cases/rugged", 0),
            new Category("audio", "Audio", "electronics", "/electronics/audio", 1),
            new Category("books", "Books", null, "/books", 1),
        })
        {
            await _store.SaveAsync(category, CancellationToken.None);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RewritesEveryPathOfTheSubtree_WhenCategoryMoves()
    {
        await new UpdateCategory(_store).HandleAsync("phones", new CategoryChanges(null, true, "books", 3), CancellationToken.None);

        var paths = (await _store.ListAsync(CancellationToken.None)).ToDictionary(c => c.Id, c => (c.ParentId, c.Path));
        Assert.Equal(("books", "/books/phones"), paths["phones"]);
        Assert.Equal(("phones", "/books/phones/cases"), paths["cases"]);
        Assert.Equal(("cases", "/books/phones/cases/rugged"), paths["rugged"]);
        Assert.Equal(("electronics", "/electronics/audio"), paths["audio"]);
    }

    [Fact]
    public async Task RefusesMoveAndKeepsTree_WhenNewParentIsInsideTheSubtree()
    {
        var before = await _store.ListAsync(CancellationToken.None);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            new UpdateCategory(_store).HandleAsync("phones", new CategoryChanges(null, true, "rugged", null), CancellationToken.None));

        Assert.Equal(["parentId"], error.Errors.Keys);
        Assert.Equal(before.OrderBy(c => c.Id), (await _store.ListAsync(CancellationToken.None)).OrderBy(c => c.Id));
    }

    [Fact]
    public async Task CreatesUnderExistingParent_WhenTreeIsAsRead()
    {
        var created = await new CreateCategory(_store).HandleAsync(new NewCategory("Chargers", "phones", null), CancellationToken.None);

        var stored = (await _store.ListAsync(CancellationToken.None)).Single(c => c.Id == created.Id);
        Assert.Equal(created, stored);
        Assert.Equal($"/electronics/phones/{created.Id}", stored.Path);
        Assert.Equal(1, (await _store.ReadTreeAsync(CancellationToken.None)).Revision);
    }

    [Fact]
    public async Task RefusesWrite_WhenTreeChangedSinceItWasRead()
    {
        var stale = await _store.ReadTreeAsync(CancellationToken.None);
        await _store.CreateAsync(new Category("cameras", "Cameras", "electronics", "/electronics/cameras", 2), stale.Revision, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrentChangeException>(() =>
            _store.UpdateAsync([new Category("phones", "Phones", "books", "/books/phones", 0)], stale.Revision, CancellationToken.None));

        Assert.Equal("/electronics/phones", (await _store.ListAsync(CancellationToken.None)).Single(c => c.Id == "phones").Path);
    }

    [Fact]
    public async Task KeepsSubtreeConsistent_WhenCreateAndMoveRace()
    {
        var start = new TaskCompletionSource();
        var create = Task.Run(async () =>
        {
            await start.Task;
            return await new CreateCategory(_store).HandleAsync(new NewCategory("Chargers", "cases", null), CancellationToken.None);
        });
        var move = Task.Run(async () =>
        {
            await start.Task;
            return await new UpdateCategory(_store).HandleAsync("phones", new CategoryChanges(null, true, "books", null), CancellationToken.None);
        });
        start.SetResult();
        var created = await create;
        await move;

        var tree = await _store.ListAsync(CancellationToken.None);
        var byId = tree.ToDictionary(c => c.Id);
        foreach (var category in tree.Where(c => c.ParentId is not null))
        {
            Assert.Equal(byId[category.ParentId!].Path + "/" + category.Id, category.Path);
        }
        Assert.Equal($"/books/phones/cases/{created.Id}", byId[created.Id].Path);
    }
}
