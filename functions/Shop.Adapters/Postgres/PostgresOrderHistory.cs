using Shop.Core.Checkout;
using Shop.Core.Orders;

namespace Shop.Adapters.Postgres;

/// <summary>The fraud check's view of past orders: counts over the order table before the order being checked.</summary>
public sealed class PostgresOrderHistory(PostgresDataSource database) : IOrderHistory
{
    public async Task<OrderHistory> ForAsync(Order order, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand("""
            WITH mine AS (
                SELECT id, total, status, created_at, shipping_address FROM orders
                WHERE member_id = @member AND id <> @order AND created_at <= @at),
            token AS (
                SELECT member_id FROM orders
                WHERE payment_token = @token AND id <> @order AND created_at <= @at AND created_at > @at - interval '1 day')
            SELECT
                (SELECT count(*) FROM mine WHERE created_at > @at - interval '1 hour'),
                (SELECT count(*) FROM mine WHERE created_at > @at - interval '1 day'),
                (SELECT count(*) FROM token),
                (SELECT count(DISTINCT member_id) FROM token WHERE member_id <> @member),
                (SELECT coalesce(round(avg(total)), 0)::bigint FROM mine WHERE status IN ('confirmed', 'shipped', 'delivered')),
                (SELECT count(*) FROM mine WHERE status IN ('confirmed', 'shipped', 'delivered')),
                EXISTS (SELECT 1 FROM mine WHERE shipping_address->>'line1' = @line1 AND shipping_address->>'postalCode' = @postalCode
                                               AND shipping_address->>'country' = @country)
            """);
        command.Parameters.AddWithValue("member", order.MemberId);
        command.Parameters.AddWithValue("order", order.Id);
        command.Parameters.AddWithValue("at", order.CreatedAt);
        command.Parameters.AddWithValue("token", order.Payment.Token);
        command.Parameters.AddWithValue("line1", order.ShippingAddress.Line1);
        command.Parameters.AddWithValue("postalCode", order.ShippingAddress.PostalCode);
        command.Parameters.AddWithValue("country", order.ShippingAddress.Country);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OrderHistory(
            (int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3),
            reader.GetInt64(4), (int)reader.GetInt64(5), reader.GetBoolean(6));
    }
}
