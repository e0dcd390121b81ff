using Shop.Core.Payments;

namespace Shop.Core.Tests.Payments;

public sealed class PaymentStatusesTests
{
    [Fact]
    public void ReadsBackEveryStatus_WhenItsNameIsParsed() =>
        Assert.All(Enum.GetValues<PaymentStatus>(), status => Assert.Equal(status, PaymentStatuses.Parse(status.Name())));

    [Fact]
    public void SpellsStatusesInSnakeCase_WhenNamed()
    {
        Assert.Equal("requires_action", PaymentStatus.RequiresAction.Name());
        Assert.Equal("awaiting_transfer", PaymentStatus.AwaitingTransfer.Name());
    }

    [Fact]
    public void Refuses_WhenTheNameIsUnknown() =>
        Assert.Throws<FormatException>(() => PaymentStatuses.Parse("pending"));
}
