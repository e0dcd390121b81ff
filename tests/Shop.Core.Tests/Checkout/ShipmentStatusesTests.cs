using Shop.Core.Fulfillment;

namespace Shop.Core.Tests.Checkout;

public sealed class ShipmentStatusesTests
{
    [Fact]
    public void RanksTheWarehousesStatusesInOrder_WhenCompared() =>
        Assert.Equal([0, 1, 2, 3, 4, -1], new[] { "created", "picked", "packed", "shipped", "delivered", "lost" }.Select(ShipmentStatuses.Rank));

    [Theory]
    [InlineData("created", false)]
    [InlineData("packed", false)]
    [InlineData("shipped", true)]
    [InlineData("delivered", true)]
    public void SaysTheGoodsLeft_WhenShippedOrLater(string status, bool left) =>
        Assert.Equal(left, ShipmentStatuses.HasLeft(status));
}
