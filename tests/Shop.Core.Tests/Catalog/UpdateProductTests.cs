using Shop.Core.Catalog;
using Shop.Core.Common;
using static Shop.Core.Tests.Builders.CategoryBuilder;
using static Shop.Core.Tests.Builders.Callers;
using static Shop.Core.Tests.Builders.ProductBuilder;

namespace Shop.Core.Tests.Catalog;

public sealed class UpdateProductTests
{
    private readonly InMemoryProductStore _products = new();
    private readonly UpdateProduct _update;

    public UpdateProductTests() =>
        _update = new UpdateProduct(_products, new InMemoryCategoryStore(ACategory("running").Build(), ACategory("hiking").Build()), new FixedClock());

    private static ProductChanges Changes(string? name = null, string? status = null, string? categoryId = null) =>
        new(name, null, null, categoryId, null, status);

    [Theory]
    [InlineData(ProductStatus.Draft, "active", ProductStatus.Active)]
    [InlineData(ProductStatus.Active, "draft", ProductStatus.Draft)]
    [InlineData(ProductStatus.Draft, "archived", ProductStatus.Archived)]
    [InlineData(ProductStatus.Active, "archived", ProductStatus.Archived)]
    [InlineData(ProductStatus.Archived, "draft", ProductStatus.Draft)]
    public async Task MovesStatus_WhenTransitionIsAllowed(ProductStatus from, string to, ProductStatus expected)
    {
        _products.With(AProduct().WithStatus(from).Build());

        var updated = await _update.HandleAsync(ASeller(), "p-trail", Changes(status: to), CancellationToken.None);

        Assert.Equal(expected, updated.Status);
        Assert.Equal(expected, _products.Stored("p-trail")!.Status);
    }

    [Fact]
    public async Task RefusesActivation_WhenProductIsArchived()
    {
        _products.With(AProduct().WithStatus(ProductStatus.Archived).Build());

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            _update.HandleAsync(ASeller(), "p-trail", Changes(status: "active"), CancellationToken.None));

        Assert.Equal(["status"], error.Errors.Keys);
        Assert.Equal(ProductStatus.Archived, _products.Stored("p-trail")!.Status);
    }

    [Fact]
    public async Task RefusesEdit_WhenProductIsArchivedAndStaysArchived()
    {
        _products.With(AProduct().WithStatus(ProductStatus.Archived).Build());

        await Assert.ThrowsAsync<ConflictException>(() =>
            _update.HandleAsync(ASeller(), "p-trail", Changes(name: "Renamed"), CancellationToken.None));

        Assert.Equal("Trail Runner 2", _products.Stored("p-trail")!.Name);
    }

    [Fact]
    public async Task AppliesEditWithRestore_WhenArchivedProductGoesBackToDraft()
    {
        _products.With(AProduct().WithStatus(ProductStatus.Archived).Build());

        var updated = await _update.HandleAsync(ASeller(), "p-trail", Changes(name: "Renamed", status: "draft"), CancellationToken.None);

        Assert.Equal(("Renamed", ProductStatus.Draft), (updated.Name, updated.Status));
    }

    [Fact]
    public async Task KeepsAbsentFieldsAndAdvancesVersion_WhenSomeFieldsChange()
    {
        _products.With(AProduct().AtVersion(4).Build());

        var updated = await _update.HandleAsync(ASeller(), "p-trail", Changes(name: " Trail Runner 3 ", categoryId: "hiking"), CancellationToken.None);

        Assert.Equal(("Trail Runner 3", "hiking", "Northpeak", 5L, FixedClock.Now), (updated.Name, updated.CategoryId, updated.Brand, updated.Version, updated.UpdatedAt));
    }

    [Fact]
    public async Task WritesNothing_WhenChangesChangeNothing()
    {
        _products.With(AProduct().Build());

        var updated = await _update.HandleAsync(ASeller(), "p-trail", Changes(name: "Trail Runner 2"), CancellationToken.None);

        Assert.Equal(1, updated.Version);
        Assert.Equal(0, _products.Writes);
    }

    [Fact]
    public async Task AnswersNotFound_WhenProductBelongsToAnotherSeller()
    {
        _products.With(AProduct().OwnedBy("seller-2").Build());

        await Assert.ThrowsAsync<NotFoundException>(() =>
            _update.HandleAsync(ASeller("seller-1"), "p-trail", Changes(name: "Mine now"), CancellationToken.None));

        Assert.Equal("Trail Runner 2", _products.Stored("p-trail")!.Name);
    }

    [Theory]
    [InlineData("", null, null, "name")]
    [InlineData(null, "unknown", null, "status")]
    [InlineData(null, null, "no-such", "categoryId")]
    public async Task NamesField_WhenChangeIsInvalid(string? name, string? status, string? categoryId, string field)
    {
        _products.With(AProduct().Build());

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            _update.HandleAsync(ASeller(), "p-trail", Changes(name, status, categoryId), CancellationToken.None));

        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public async Task RetriesOnFreshData_WhenWriteFindsProductChanged()
    {
        _products.With(AProduct().Build());
        _products.ConcurrentChangesToReport = 2;

        var updated = await _update.HandleAsync(ASeller(), "p-trail", Changes(name: "Renamed"), CancellationToken.None);

        Assert.Equal("Renamed", _products.Stored("p-trail")!.Name);
        Assert.Equal(2, updated.Version);
    }

    [Fact]
    public async Task AnswersConflict_WhenProductKeepsChanging()
    {
        _products.With(AProduct().Build());
        _products.ConcurrentChangesToReport = Retry.Attempts;

        await Assert.ThrowsAsync<ConflictException>(() =>
            _update.HandleAsync(ASeller(), "p-trail", Changes(name: "Renamed"), CancellationToken.None));
    }

    [Fact]
    public async Task ArchivesOnceAndStaysArchived_WhenArchivedTwice()
    {
        _products.With(AProduct().Build());
        var archive = new ArchiveProduct(_products, new FixedClock());

        await archive.HandleAsync(ASeller(), "p-trail", CancellationToken.None);
        await archive.HandleAsync(ASeller(), "p-trail", CancellationToken.None);

        Assert.Equal((ProductStatus.Archived, 2L), (_products.Stored("p-trail")!.Status, _products.Stored("p-trail")!.Version));
    }
}
