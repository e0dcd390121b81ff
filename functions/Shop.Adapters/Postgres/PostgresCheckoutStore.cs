using Npgsql;
using Shop.Core.Checkout;
using Shop.Core.Common;
using Shop.Core.Fraud;
using Shop.Core.Fulfillment;
using Shop.Core.Orders;
using Shop.Core.Payments;

namespace Shop.Adapters.Postgres;

/// <summary>
/// What the checkout saga keeps next to the orders: payments, the task tokens of waiting steps,
/// applied webhook event ids, and shipments with their tracking events (migration 0002); the
/// fraud check's assessments (migration 0003).
/// </summary>
public sealed class PostgresCheckoutStore(PostgresDataSource database) : IOrderPayments, ICheckoutCallbacks, IShipmentStore, IFraudAssessments
{
    private const string PaymentColumns = "order_id, payment_id, method, status, amount, currency, decline_code";

    public Task<OrderPayment?> FindAsync(string orderId, CancellationToken cancellationToken) =>
        FindPaymentAsync("order_id", orderId, cancellationToken);

    public Task<OrderPayment?> FindByPaymentIdAsync(string paymentId, CancellationToken cancellationToken) =>
        FindPaymentAsync("payment_id", paymentId, cancellationToken);

    private async Task<OrderPayment?> FindPaymentAsync(string column, string value, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand($"SELECT {PaymentColumns} FROM payments WHERE {column} = @value");
        command.Parameters.AddWithValue("value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPayment(reader) : null;
    }

    public async Task<OrderPayment> AddAsync(OrderPayment payment, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using (var insert = source.CreateCommand($"""
            INSERT INTO payments ({PaymentColumns}, created_at, updated_at)
            VALUES (@order, @payment, @method, @status, @amount, @currency, @decline, @at, @at)
            ON CONFLICT (order_id) DO NOTHING
            """))
        {
            insert.Parameters.AddWithValue("order", payment.OrderId);
            insert.Parameters.AddWithValue("payment", payment.PaymentId);
            insert.Parameters.AddWithValue("method", payment.Method);
            insert.Parameters.AddWithValue("status", payment.Status.Name());
            insert.Parameters.AddWithValue("amount", payment.Amount);
            insert.Parameters.AddWithValue("currency", payment.Currency);
            insert.Parameters.AddWithValue("decline", (object?)payment.DeclineCode ?? DBNull.Value);
            insert.Parameters.AddWithValue("at", at);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return await FindAsync(payment.OrderId, cancellationToken) ?? throw new ConcurrentChangeException($"The payment of order {payment.OrderId} vanished.");
    }

    public async Task<bool> UpdateStatusAsync(string orderId, PaymentStatus expected, PaymentStatus status, string? declineCode, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var update = source.CreateCommand("""
            UPDATE payments SET status = @status, decline_code = @decline, updated_at = @at
            WHERE order_id = @order AND status = @expected
            """);
        update.Parameters.AddWithValue("status", status.Name());
        update.Parameters.AddWithValue("decline", (object?)declineCode ?? DBNull.Value);
        update.Parameters.AddWithValue("at", at);
        update.Parameters.AddWithValue("order", orderId);
        update.Parameters.AddWithValue("expected", expected.Name());
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> WebhookSeenAsync(string eventId, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand("SELECT 1 FROM payment_webhook_events WHERE event_id = @event");
        command.Parameters.AddWithValue("event", eventId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<bool> MarkWebhookSeenAsync(string eventId, string paymentId, string type, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var insert = source.CreateCommand("""
            INSERT INTO payment_webhook_events (event_id, payment_id, type, received_at) VALUES (@event, @payment, @type, @at)
            ON CONFLICT (event_id) DO NOTHING
            """);
        insert.Parameters.AddWithValue("event", eventId);
        insert.Parameters.AddWithValue("payment", paymentId);
        insert.Parameters.AddWithValue("type", type);
        insert.Parameters.AddWithValue("at", at);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task SaveAsync(string orderId, string kind, string taskToken, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        // A retried step brings a new token for the same wait: the newest is the one Step Functions waits on.
        await using var upsert = source.CreateCommand("""
            INSERT INTO checkout_callbacks (order_id, kind, task_token, created_at) VALUES (@order, @kind, @token, @at)
            ON CONFLICT (order_id, kind) DO UPDATE SET task_token = EXCLUDED.task_token, created_at = EXCLUDED.created_at
            """);
        upsert.Parameters.AddWithValue("order", orderId);
        upsert.Parameters.AddWithValue("kind", kind);
        upsert.Parameters.AddWithValue("token", taskToken);
        upsert.Parameters.AddWithValue("at", at);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> TakeAsync(string orderId, string kind, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var take = source.CreateCommand("DELETE FROM checkout_callbacks WHERE order_id = @order AND kind = @kind RETURNING task_token");
        take.Parameters.AddWithValue("order", orderId);
        take.Parameters.AddWithValue("kind", kind);
        return await take.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task RestoreAsync(string orderId, string kind, string taskToken, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var restore = source.CreateCommand("""
            INSERT INTO checkout_callbacks (order_id, kind, task_token, created_at) VALUES (@order, @kind, @token, now())
            ON CONFLICT (order_id, kind) DO NOTHING
            """);
        restore.Parameters.AddWithValue("order", orderId);
        restore.Parameters.AddWithValue("kind", kind);
        restore.Parameters.AddWithValue("token", taskToken);
        await restore.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordAsync(string orderId, FraudAssessment assessment, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var upsert = source.CreateCommand("""
            INSERT INTO fraud_assessments (order_id, decision, score, reasons, assessed_at) VALUES (@order, @decision, @score, @reasons, @at)
            ON CONFLICT (order_id) DO UPDATE SET decision = EXCLUDED.decision, score = EXCLUDED.score, reasons = EXCLUDED.reasons, assessed_at = EXCLUDED.assessed_at
            """);
        upsert.Parameters.AddWithValue("order", orderId);
        upsert.Parameters.AddWithValue("decision", assessment.Decision.ToString().ToLowerInvariant());
        upsert.Parameters.AddWithValue("score", assessment.Score);
        upsert.Parameters.AddWithValue("reasons", assessment.Reasons.Select(r => r.Code).ToArray());
        upsert.Parameters.AddWithValue("at", at);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Page<HeldOrder>> ListHeldAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var after = page.Cursor is null ? ((DateTimeOffset, string)?)null : OrderCursor.Parse(page.Cursor);
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand($"""
            SELECT o.id, o.member_id, o.total, o.currency, o.created_at, c.created_at, f.score, coalesce(f.reasons, ARRAY[]::text[])
            FROM checkout_callbacks c
            JOIN orders o ON o.id = c.order_id
            LEFT JOIN fraud_assessments f ON f.order_id = c.order_id
            WHERE c.kind = @kind {(after is null ? "" : "AND (c.created_at, c.order_id) > (@afterAt, @afterId)")}
            ORDER BY c.created_at, c.order_id
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("kind", CallbackKinds.Review);
        OrderCursor.Bind(command, page, after);
        var items = new List<HeldOrder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new HeldOrder(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetFieldValue<string[]>(7)));
        }
        return OrderCursor.Cut(items, page, h => (h.HeldAt, h.OrderId));
    }

    public async Task<ShipmentRecord> CreateAsync(string orderId, string location, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using (var insert = source.CreateCommand("""
            INSERT INTO shipments (id, order_id, location, status, created_at, updated_at) VALUES (@id, @order, @location, 'created', @at, @at)
            ON CONFLICT (order_id) DO NOTHING
            """))
        {
            insert.Parameters.AddWithValue("id", Ids.New("shp"));
            insert.Parameters.AddWithValue("order", orderId);
            insert.Parameters.AddWithValue("location", location);
            insert.Parameters.AddWithValue("at", at);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return await FindByOrderAsync(orderId, cancellationToken) ?? throw new ConcurrentChangeException($"The shipment of order {orderId} vanished.");
    }

    Task<ShipmentRecord?> IShipmentStore.FindAsync(string shipmentId, CancellationToken cancellationToken) =>
        FindShipmentAsync("s.id", shipmentId, cancellationToken);

    public Task<ShipmentRecord?> FindByOrderAsync(string orderId, CancellationToken cancellationToken) =>
        FindShipmentAsync("s.order_id", orderId, cancellationToken);

    private async Task<ShipmentRecord?> FindShipmentAsync(string column, string value, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand($"""
            SELECT s.id, s.order_id, o.member_id, s.location, s.status, s.tracking_number
            FROM shipments s JOIN orders o ON o.id = s.order_id WHERE {column} = @value
            """);
        command.Parameters.AddWithValue("value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadShipment(reader) : null;
    }

    public async Task<ShipmentEventResult> RecordAsync(string shipmentId, string status, string? trackingNumber, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        ShipmentRecord shipment;
        string orderStatus;
        long total;
        string currency;
        // The row lock orders concurrent events of one shipment: each sees the other's outcome.
        await using (var read = new NpgsqlCommand("""
            SELECT s.id, s.order_id, o.member_id, s.location, s.status, s.tracking_number, o.status, o.total, o.currency
            FROM shipments s JOIN orders o ON o.id = s.order_id WHERE s.id = @id FOR UPDATE OF s, o
            """, connection, transaction))
        {
            read.Parameters.AddWithValue("id", shipmentId);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new NotFoundException($"No shipment {shipmentId}.");
            }
            shipment = ReadShipment(reader);
            orderStatus = reader.GetString(6);
            (total, currency) = (reader.GetInt64(7), reader.GetString(8));
        }
        if (ShipmentStatuses.Rank(status) <= ShipmentStatuses.Rank(shipment.Status))
        {
            return new ShipmentEventResult(ShipmentEventOutcome.AlreadyApplied, shipment);
        }
        if (orderStatus != OrderStatus.Confirmed.Name() && !ShipmentStatuses.HasLeft(shipment.Status))
        {
            return new ShipmentEventResult(ShipmentEventOutcome.OrderNotShippable, shipment);
        }
        var tracking = trackingNumber ?? shipment.TrackingNumber;
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            var change = new NpgsqlBatchCommand("UPDATE shipments SET status = @status, tracking_number = @tracking, updated_at = @at WHERE id = @id");
            change.Parameters.AddWithValue("status", status);
            change.Parameters.AddWithValue("tracking", (object?)tracking ?? DBNull.Value);
            change.Parameters.AddWithValue("at", at);
            change.Parameters.AddWithValue("id", shipmentId);
            batch.BatchCommands.Add(change);
            var recorded = new NpgsqlBatchCommand("""
                INSERT INTO shipment_events (shipment_id, seq, status, tracking_number, at)
                SELECT @id, coalesce(max(seq), 0) + 1, @status, @tracking, @at FROM shipment_events WHERE shipment_id = @id
                """);
            recorded.Parameters.AddWithValue("id", shipmentId);
            recorded.Parameters.AddWithValue("status", status);
            recorded.Parameters.AddWithValue("tracking", (object?)trackingNumber ?? DBNull.Value);
            recorded.Parameters.AddWithValue("at", at);
            batch.BatchCommands.Add(recorded);
            if (!ShipmentStatuses.HasLeft(status))
            {
                // Shipped and delivered are order status changes, announced by the transition below.
                batch.BatchCommands.Add(PostgresOrderStore.OutboxInsert(new OrderEvent(
                    Guid.NewGuid(), OrderEventTypes.ShipmentUpdated, shipment.OrderId, shipment.MemberId, status, total, currency, at)));
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        if (ShipmentStatuses.HasLeft(status))
        {
            await PostgresOrderStore.TransitionAsync(connection, transaction, shipment.OrderId, [OrderStatus.Confirmed], OrderStatus.Shipped,
                tracking is null ? "shipped" : $"shipped, tracking {tracking}", at, cancellationToken);
        }
        if (status == ShipmentStatuses.Delivered)
        {
            await PostgresOrderStore.TransitionAsync(connection, transaction, shipment.OrderId, [OrderStatus.Shipped], OrderStatus.Delivered, "delivered", at, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ShipmentEventResult(ShipmentEventOutcome.Applied, shipment with { Status = status, TrackingNumber = tracking });
    }

    private static OrderPayment ReadPayment(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), PaymentStatuses.Parse(reader.GetString(3)),
        reader.GetInt64(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));

    private static ShipmentRecord ReadShipment(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5));
}
