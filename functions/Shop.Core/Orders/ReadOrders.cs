using Shop.Core.Common;

namespace Shop.Core.Orders;

/// <summary>A member reads one of their orders; anybody else's does not exist for them.</summary>
public sealed class GetOrder(IOrderStore orders)
{
    public async Task<Order> HandleAsync(string memberId, string orderId, CancellationToken cancellationToken)
    {
        var order = await orders.FindAsync(orderId, cancellationToken);
        return order is not null && order.MemberId == memberId ? order : throw new NotFoundException($"No order {orderId}.");
    }
}

/// <summary>A member's orders, newest first.</summary>
public sealed class ListOrders(IOrderStore orders)
{
    public Task<Page<OrderSummary>> HandleAsync(string memberId, PageRequest page, CancellationToken cancellationToken) =>
        orders.ListByMemberAsync(memberId, page, cancellationToken);
}
