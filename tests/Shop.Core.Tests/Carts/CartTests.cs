using Shop.Core.Carts;

namespace Shop.Core.Tests.Carts;

public sealed class CartTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static Cart GuestCart(string secret) => new("c-1", null, Cart.HashSecret(secret), [], [], Created, Created, 1);

    [Fact]
    public void LetsOnlyTheSecretsHolderUseIt_WhenTheCartIsAGuests()
    {
        var cart = GuestCart("s3cret");

        Assert.True(new CartCaller(null, "s3cret").MayUse(cart));
        Assert.True(new CartCaller("member-1", "s3cret").MayUse(cart));
        Assert.False(new CartCaller(null, "S3cret").MayUse(cart));
        Assert.False(new CartCaller("member-1", null).MayUse(cart));
    }

    [Fact]
    public void LetsOnlyItsMemberUseIt_WhenTheCartIsAMembers()
    {
        var cart = new Cart("c-2", "member-1", null, [], [], Created, Created, 1);

        Assert.True(new CartCaller("member-1", null).MayUse(cart));
        Assert.False(new CartCaller("member-2", null).MayUse(cart));
        Assert.False(new CartCaller(null, "anything").MayUse(cart));
    }

    [Fact]
    public void MovesExpiryThirtyDaysPastTheChange_WhenTheCartChanges()
    {
        var changed = GuestCart("x").Changed(Created.AddDays(10));

        Assert.Equal((2L, Created.AddDays(40)), (changed.Version, changed.ExpiresAt));
    }
}
