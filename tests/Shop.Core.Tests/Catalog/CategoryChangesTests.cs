using Shop.Core.Catalog;
using Shop.Core.Common;
using static Shop.Core.Tests.Builders.CategoryBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class CategoryChangesTests
{
    // electronics ─ phones ─ cases
    //             └ audio
    // books
    private readonly InMemoryCategoryStore _store = new(
        ACategory("electronics").Build(),
        new Category("phones", "Phones", "electronics", "/electronics/phones", 0),
        new Category("cases", "Cases", "phones", "/electronics/phones/cases", 0),
        new Category("audio", "Audio", "electronics", "/electronics/audio", 1),
        ACategory("books").At(1).Build());

    private Task<Category> UpdateAsync(string id, CategoryChanges changes) =>
        new UpdateCategory(_store).HandleAsync(id, changes, CancellationToken.None);

    private static CategoryChanges MoveTo(string? parentId) => new(null, true, parentId, null);

    [Fact]
    public async Task RewritesSubtreePaths_WhenCategoryMoves()
    {
        var moved = await UpdateAsync("phones", MoveTo("books"));

        Assert.Equal(("books", "/books/phones"), (moved.ParentId, moved.Path));
        Assert.Equal("/books/phones/cases", _store.Get("cases").Path);
        Assert.Equal("/electronics/audio", _store.Get("audio").Path);
        Assert.Equal(["phones", "cases"], Assert.Single(_store.Updates).Select(c => c.Id));
    }

    [Fact]
    public async Task MakesRoot_WhenParentIsNull()
    {
        var moved = await UpdateAsync("phones", MoveTo(null));

        Assert.Equal((null, "/phones"), (moved.ParentId, moved.Path));
        Assert.Equal("/phones/cases", _store.Get("cases").Path);
    }

    [Theory]
    [InlineData("electronics", "electronics")]
    [InlineData("electronics", "phones")]
    [InlineData("electronics", "cases")]
    [InlineData("phones", "no-such")]
    public async Task NamesParentAndWritesNothing_WhenMoveIsImpossible(string id, string parentId)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => UpdateAsync(id, MoveTo(parentId)));

        Assert.Equal(["parentId"], error.Errors.Keys);
        Assert.Empty(_store.Updates);
    }

    [Fact]
    public async Task WritesOnlyTheCategory_WhenRenamedAndRepositioned()
    {
        var renamed = await UpdateAsync("phones", new CategoryChanges("Mobile phones", false, null, 5));

        Assert.Equal(("Mobile phones", 5, "/electronics/phones"), (renamed.Name, renamed.Position, renamed.Path));
        Assert.Equal(["phones"], Assert.Single(_store.Updates).Select(c => c.Id));
    }

    [Fact]
    public async Task WritesNothing_WhenNothingChanges()
    {
        await UpdateAsync("phones", MoveTo("electronics"));

        Assert.Empty(_store.Updates);
    }

    [Fact]
    public async Task RefusesMove_WhenSubtreeIsTooLargeForOneTransaction()
    {
        var store = new InMemoryCategoryStore([
            ACategory("big").Build(),
            ACategory("target").Build(),
            .. Enumerable.Range(0, 99).Select(i => new Category($"c{i}", $"C{i}", "big", $"/big/c{i}", i)),
        ]);

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            new UpdateCategory(store).HandleAsync("big", MoveTo("target"), CancellationToken.None));

        Assert.Equal(["parentId"], error.Errors.Keys);
    }

    [Fact]
    public async Task AnswersNotFound_WhenCategoryIsUnknown()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => UpdateAsync("nope", new CategoryChanges("X", false, null, null)));
    }

    [Theory]
    [InlineData("", null, "name")]
    [InlineData(null, -1, "position")]
    [InlineData(null, 10_001, "position")]
    public async Task NamesField_WhenChangeIsInvalid(string? name, int? position, string field)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() => UpdateAsync("phones", new CategoryChanges(name, false, null, position)));

        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public async Task RereadsTreeAndRetries_WhenTreeChangedMeanwhile()
    {
        _store.ConcurrentChangesToReport = 1;

        await UpdateAsync("phones", MoveTo("books"));

        Assert.Equal("/books/phones/cases", _store.Get("cases").Path);
    }

    [Fact]
    public async Task CreatesLastAmongSiblings_WhenNoPositionGiven()
    {
        var created = await new CreateCategory(_store).HandleAsync(new NewCategory("Cameras", "electronics", null), CancellationToken.None);

        Assert.Equal(("electronics", 2), (created.ParentId, created.Position));
        Assert.Equal($"/electronics/{created.Id}", created.Path);
        Assert.Equal(created, _store.Get(created.Id));
    }

    [Fact]
    public async Task CreatesRoot_WhenNoParentGiven()
    {
        var created = await new CreateCategory(_store).HandleAsync(new NewCategory("Garden", null, 7), CancellationToken.None);

        Assert.Equal((null, $"/{created.Id}", 7), (created.ParentId, created.Path, created.Position));
    }

    [Theory]
    [InlineData(" ", null, "name")]
    [InlineData("Cameras", "no-such", "parentId")]
    public async Task NamesFieldAndCreatesNothing_WhenCreateIsInvalid(string name, string? parentId, string field)
    {
        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            new CreateCategory(_store).HandleAsync(new NewCategory(name, parentId, null), CancellationToken.None));

        Assert.Equal([field], error.Errors.Keys);
        Assert.Equal(5, (await _store.ListAsync(CancellationToken.None)).Count);
    }
}
