using Shop.Adapters.DynamoDb;
using Shop.Core.Common;
using Shop.Core.Notifications;
using Shop.Integration.Tests.Catalog;
using Shop.Integration.Tests.Support;

namespace Shop.Integration.Tests.Notifications;

[Collection(LocalEnvironmentCollection.Name)]
public sealed class DynamoDbNotificationStoreTests(LocalEnvironmentFixture fixture)
{
    [Fact]
    public async Task PagesNewestFirstWithUrlSafeCursors_WhenAMemberHasSeveral()
    {
        var store = new DynamoDbNotificationStore(fixture.Environment.Aws.DynamoDb, await CatalogTable.CreateAsync(fixture.Environment.Aws.DynamoDb));
        var start = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString()).ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.True(await store.AddAsync(new Notification(ids[i], "m-page", "OrderPlaced", $"Order {i}", $"o-{i}", start.AddMinutes(i)), CancellationToken.None));
        }
        var duplicate = await store.AddAsync(new Notification(ids[0], "m-page", "OrderPlaced", "Order 0", "o-0", start), CancellationToken.None);

        var seen = new List<string>();
        var cursors = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync("m-page", new PageRequest(2, cursor), CancellationToken.None);
            seen.AddRange(page.Items.Select(n => n.Id));
            cursor = page.NextCursor;
            if (cursor is not null)
            {
                cursors.Add(cursor);
            }
        }
        while (cursor is not null);

        Assert.False(duplicate);
        Assert.Equal(Enumerable.Reverse(ids), seen);
        Assert.All(cursors, c => Assert.Equal(Uri.EscapeDataString(c), c));
        await Assert.ThrowsAsync<InvalidCursorException>(() => store.ListAsync("m-page", new PageRequest(2, "bm90IGEgY3Vyc29y"), CancellationToken.None));
    }
}
