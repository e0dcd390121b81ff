using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Shop.Core.Common;
using Shop.Core.Orders;
using Shop.Core.Pricing;
using Shop.Core.Promotions;

namespace Shop.Adapters.Postgres;

/// <summary>
/// Orders in PostgreSQL (Aurora): an order, its lines, its first status, its outbox event, its
/// promotion redemptions and the completion of its idempotency key commit together or not at all.
/// </summary>
public sealed class PostgresOrderStore(PostgresDataSource database) : IOrderStore, IOrderOutbox, IPromotionUsageStore
{
    private static readonly OrderJsonContext Json = OrderJsonContext.Default;

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, byte[] requestHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var lease = Guid.NewGuid();
            // A new key, an expired one, or one whose holder died mid-request (same body, lease run out) is taken.
            await using (var claim = source.CreateCommand("""
                INSERT INTO idempotency_keys (member_id, key, request_hash, state, lease, locked_until, created_at, expires_at)
                VALUES (@member, @key, @hash, 'in_progress', @lease, @lockedUntil, @now, @expiresAt)
                ON CONFLICT (member_id, key) DO UPDATE
                    SET request_hash = EXCLUDED.request_hash, state = 'in_progress', lease = EXCLUDED.lease,
                        locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at,
                        expires_at = EXCLUDED.expires_at, order_id = NULL, response = NULL
                    WHERE idempotency_keys.expires_at <= @now
                       OR (idempotency_keys.state = 'in_progress' AND idempotency_keys.locked_until <= @now
                           AND idempotency_keys.request_hash = EXCLUDED.request_hash)
                RETURNING lease
                """))
            {
                claim.Parameters.AddWithValue("member", key.MemberId);
                claim.Parameters.AddWithValue("key", key.Key);
                claim.Parameters.AddWithValue("hash", requestHash);
                claim.Parameters.AddWithValue("lease", lease);
                claim.Parameters.AddWithValue("lockedUntil", now + IdempotencyKey.Lease);
                claim.Parameters.AddWithValue("now", now);
                claim.Parameters.AddWithValue("expiresAt", now + IdempotencyKey.Retention);
                if (await claim.ExecuteScalarAsync(cancellationToken) is Guid)
                {
                    return new IdempotencyClaim.Acquired(lease);
                }
            }
            await using var read = source.CreateCommand(
                "SELECT request_hash, state, response::text FROM idempotency_keys WHERE member_id = @member AND key = @key");
            read.Parameters.AddWithValue("member", key.MemberId);
            read.Parameters.AddWithValue("key", key.Key);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                // Released between the two statements: claim again.
                if (attempt < 3)
                {
                    continue;
                }
                return new IdempotencyClaim.InFlight();
            }
            if (!((byte[])reader[0]).AsSpan().SequenceEqual(requestHash))
            {
                return new IdempotencyClaim.Mismatch();
            }
            return reader.GetString(1) == "completed"
                ? new IdempotencyClaim.Completed(JsonSerializer.Deserialize(reader.GetString(2), Json.Order)!)
                : new IdempotencyClaim.InFlight();
        }
    }

    public async Task ReleaseAsync(IdempotencyKey key, Guid lease, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand(
            "DELETE FROM idempotency_keys WHERE member_id = @member AND key = @key AND lease = @lease AND state = 'in_progress'");
        command.Parameters.AddWithValue("member", key.MemberId);
        command.Parameters.AddWithValue("key", key.Key);
        command.Parameters.AddWithValue("lease", lease);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PurgeExpiredKeysAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand("DELETE FROM idempotency_keys WHERE expires_at <= @now");
        command.Parameters.AddWithValue("now", now);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PlaceAsync(Order order, OrderEvent placed, IdempotencyKey key, Guid lease, IReadOnlyList<PromotionRedemption> redemptions, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var complete = new NpgsqlCommand("""
            UPDATE idempotency_keys SET state = 'completed', order_id = @order, response = @response::jsonb
            WHERE member_id = @member AND key = @key AND lease = @lease AND state = 'in_progress'
            """, connection, transaction))
        {
            complete.Parameters.AddWithValue("order", order.Id);
            complete.Parameters.AddWithValue("response", JsonSerializer.Serialize(order, Json.Order));
            complete.Parameters.AddWithValue("member", key.MemberId);
            complete.Parameters.AddWithValue("key", key.Key);
            complete.Parameters.AddWithValue("lease", lease);
            if (await complete.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new ConflictException("This request's Idempotency-Key was taken over by a retry; its order is the retry's.");
            }
        }
        await InsertOrderAsync(connection, transaction, order, placed, cancellationToken);
        // Codes in a fixed order, so two orders redeeming the same codes lock them in the same order.
        foreach (var redemption in redemptions.OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            await RedeemAsync(connection, transaction, order, redemption, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task InsertOrderAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Order order, OrderEvent placed, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO orders (id, member_id, cart_id, status, currency, subtotal, discount, shipping, shipping_discount, tax, total,
                                shipping_option, shipping_address, payment_method, payment_token, promotion_codes, pricing, version, created_at, updated_at)
            VALUES (@id, @member, @cart, @status, @currency, @subtotal, @discount, @shipping, @shippingDiscount, @tax, @total,
                    @shippingOption, @address::jsonb, @paymentMethod, @paymentToken, @codes, @pricing::jsonb, @version, @createdAt, @updatedAt)
            """);
        var totals = order.Totals;
        insert.Parameters.AddWithValue("id", order.Id);
        insert.Parameters.AddWithValue("member", order.MemberId);
        insert.Parameters.AddWithValue("cart", order.CartId);
        insert.Parameters.AddWithValue("status", order.Status.Name());
        insert.Parameters.AddWithValue("currency", totals.Currency);
        insert.Parameters.AddWithValue("subtotal", totals.Subtotal);
        insert.Parameters.AddWithValue("discount", totals.Discount);
        insert.Parameters.AddWithValue("shipping", totals.Shipping);
        insert.Parameters.AddWithValue("shippingDiscount", totals.ShippingDiscount);
        insert.Parameters.AddWithValue("tax", totals.Tax);
        insert.Parameters.AddWithValue("total", totals.Total);
        insert.Parameters.AddWithValue("shippingOption", order.ShippingOption);
        insert.Parameters.AddWithValue("address", JsonSerializer.Serialize(order.ShippingAddress, Json.ShippingAddress));
        insert.Parameters.AddWithValue("paymentMethod", order.Payment.Method);
        insert.Parameters.AddWithValue("paymentToken", order.Payment.Token);
        insert.Parameters.AddWithValue("codes", order.PromotionCodes.ToArray());
        insert.Parameters.AddWithValue("pricing", JsonSerializer.Serialize(order.Pricing, Json.PriceBreakdown));
        insert.Parameters.AddWithValue("version", order.Version);
        insert.Parameters.AddWithValue("createdAt", order.CreatedAt);
        insert.Parameters.AddWithValue("updatedAt", order.UpdatedAt);
        batch.BatchCommands.Add(insert);
        for (var i = 0; i < order.Lines.Count; i++)
        {
            var line = order.Lines[i];
            var command = new NpgsqlBatchCommand("""
                INSERT INTO order_lines (order_id, line_no, sku, product_id, seller_id, name, options, quantity, unit_price, subtotal, discount, total)
                VALUES (@order, @lineNo, @sku, @product, @seller, @name, @options::jsonb, @quantity, @unitPrice, @subtotal, @discount, @total)
                """);
            command.Parameters.AddWithValue("order", order.Id);
            command.Parameters.AddWithValue("lineNo", i + 1);
            command.Parameters.AddWithValue("sku", line.Sku);
            command.Parameters.AddWithValue("product", line.ProductId);
            command.Parameters.AddWithValue("seller", line.SellerId);
            command.Parameters.AddWithValue("name", line.Name);
            command.Parameters.AddWithValue("options", JsonSerializer.Serialize(line.Options, Json.IReadOnlyDictionaryStringString));
            command.Parameters.AddWithValue("quantity", line.Quantity);
            command.Parameters.AddWithValue("unitPrice", line.UnitPrice);
            command.Parameters.AddWithValue("subtotal", line.Subtotal);
            command.Parameters.AddWithValue("discount", line.Discount);
            command.Parameters.AddWithValue("total", line.Total);
            batch.BatchCommands.Add(command);
        }
        for (var i = 0; i < order.History.Count; i++)
        {
            var change = order.History[i];
            var command = new NpgsqlBatchCommand("INSERT INTO order_status_history (order_id, seq, status, reason, at) VALUES (@order, @seq, @status, @reason, @at)");
            command.Parameters.AddWithValue("order", order.Id);
            command.Parameters.AddWithValue("seq", i + 1);
            command.Parameters.AddWithValue("status", change.Status.Name());
            command.Parameters.AddWithValue("reason", (object?)change.Reason ?? DBNull.Value);
            command.Parameters.AddWithValue("at", change.At);
            batch.BatchCommands.Add(command);
        }
        batch.BatchCommands.Add(OutboxInsert(placed));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static NpgsqlBatchCommand OutboxInsert(OrderEvent orderEvent)
    {
        var command = new NpgsqlBatchCommand(
            "INSERT INTO outbox (event_id, aggregate_id, type, payload, created_at) VALUES (@event, @aggregate, @type, @payload::jsonb, @at)");
        command.Parameters.AddWithValue("event", orderEvent.EventId);
        command.Parameters.AddWithValue("aggregate", orderEvent.OrderId);
        command.Parameters.AddWithValue("type", orderEvent.Type);
        command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(orderEvent, Json.OrderEvent));
        command.Parameters.AddWithValue("at", orderEvent.OccurredAt);
        return command;
    }

    /// <summary>Counts one use of the code, under a lock on its usage row, refusing it past either limit.</summary>
    private static async Task RedeemAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Order order, PromotionRedemption redemption, CancellationToken cancellationToken)
    {
        await using (var ensure = new NpgsqlCommand("INSERT INTO promotion_usage (code, used) VALUES (@code, 0) ON CONFLICT (code) DO NOTHING", connection, transaction))
        {
            ensure.Parameters.AddWithValue("code", redemption.Code);
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }
        int total;
        long byMember;
        await using (var used = new NpgsqlCommand("""
            SELECT u.used, (SELECT count(*) FROM promotion_redemptions r WHERE r.code = u.code AND r.member_id = @member)
            FROM promotion_usage u WHERE u.code = @code FOR UPDATE
            """, connection, transaction))
        {
            used.Parameters.AddWithValue("code", redemption.Code);
            used.Parameters.AddWithValue("member", order.MemberId);
            await using var reader = await used.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            total = reader.GetInt32(0);
            byMember = reader.GetInt64(1);
        }
        if (total >= redemption.TotalLimit || byMember >= redemption.PerMemberLimit)
        {
            throw new PromotionLimitReachedException(redemption.Code);
        }
        await using var redeem = new NpgsqlBatch(connection, transaction);
        var count = new NpgsqlBatchCommand("UPDATE promotion_usage SET used = used + 1 WHERE code = @code");
        count.Parameters.AddWithValue("code", redemption.Code);
        var record = new NpgsqlBatchCommand("INSERT INTO promotion_redemptions (code, order_id, member_id, at) VALUES (@code, @order, @member, @at)");
        record.Parameters.AddWithValue("code", redemption.Code);
        record.Parameters.AddWithValue("order", order.Id);
        record.Parameters.AddWithValue("member", order.MemberId);
        record.Parameters.AddWithValue("at", order.CreatedAt);
        redeem.BatchCommands.Add(count);
        redeem.BatchCommands.Add(record);
        await redeem.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Order?> FindAsync(string orderId, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var batch = source.CreateBatch();
        batch.BatchCommands.Add(WithOrder(new NpgsqlBatchCommand("""
            SELECT id, member_id, cart_id, status, currency, subtotal, discount, shipping, shipping_discount, tax, total,
                   shipping_option, shipping_address::text, payment_method, payment_token, promotion_codes, pricing::text,
                   version, created_at, updated_at
            FROM orders WHERE id = @order
            """), orderId));
        batch.BatchCommands.Add(WithOrder(new NpgsqlBatchCommand("""
            SELECT sku, product_id, seller_id, name, options::text, quantity, unit_price, subtotal, discount, total
            FROM order_lines WHERE order_id = @order ORDER BY line_no
            """), orderId));
        batch.BatchCommands.Add(WithOrder(new NpgsqlBatchCommand(
            "SELECT status, reason, at FROM order_status_history WHERE order_id = @order ORDER BY seq"), orderId));
        batch.BatchCommands.Add(WithOrder(new NpgsqlBatchCommand("""
            SELECT s.id, s.status, s.tracking_number, e.status, e.at, e.tracking_number
            FROM shipments s LEFT JOIN shipment_events e ON e.shipment_id = s.id
            WHERE s.order_id = @order ORDER BY s.created_at, s.id, e.seq
            """), orderId));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var id = reader.GetString(0);
        var memberId = reader.GetString(1);
        var cartId = reader.GetString(2);
        var status = OrderStatuses.Parse(reader.GetString(3));
        var totals = new OrderTotals(reader.GetString(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10));
        var shippingOption = reader.GetString(11);
        var address = JsonSerializer.Deserialize(reader.GetString(12), Json.ShippingAddress)!;
        var payment = new PaymentDetails(reader.GetString(13), reader.GetString(14));
        var codes = reader.GetFieldValue<string[]>(15);
        var pricing = JsonSerializer.Deserialize(reader.GetString(16), Json.PriceBreakdown)!;
        var version = reader.GetInt32(17);
        var createdAt = reader.GetFieldValue<DateTimeOffset>(18);
        var updatedAt = reader.GetFieldValue<DateTimeOffset>(19);
        await reader.NextResultAsync(cancellationToken);
        var lines = new List<OrderLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new OrderLine(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                JsonSerializer.Deserialize(reader.GetString(4), Json.IReadOnlyDictionaryStringString)!,
                reader.GetInt32(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));
        }
        await reader.NextResultAsync(cancellationToken);
        var history = new List<OrderStatusChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(new OrderStatusChange(OrderStatuses.Parse(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }
        await reader.NextResultAsync(cancellationToken);
        var shipments = new List<Shipment>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var shipmentId = reader.GetString(0);
            if (shipments.Count == 0 || shipments[^1].Id != shipmentId)
            {
                shipments.Add(new Shipment(shipmentId, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), new List<ShipmentEvent>()));
            }
            if (!reader.IsDBNull(3))
            {
                ((List<ShipmentEvent>)shipments[^1].Events).Add(new ShipmentEvent(reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }
        return new Order(id, memberId, cartId, status, lines, totals, address, shippingOption, payment, codes, pricing, history, shipments, createdAt, updatedAt, version);
    }

    public async Task<bool> TransitionAsync(string orderId, IReadOnlyCollection<OrderStatus> from, OrderStatus to, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TransitionAsync(connection, transaction, orderId, from, to, reason, at, cancellationToken))
        {
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary><see cref="TransitionAsync(string, IReadOnlyCollection{OrderStatus}, OrderStatus, string, DateTimeOffset, CancellationToken)"/> inside the caller's transaction.</summary>
    internal static async Task<bool> TransitionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string orderId, IReadOnlyCollection<OrderStatus> from, OrderStatus to, string reason, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        string memberId;
        long total;
        string currency;
        await using (var update = new NpgsqlCommand("""
            UPDATE orders SET status = @to, version = version + 1, updated_at = @at
            WHERE id = @order AND status = ANY(@from)
            RETURNING member_id, total, currency
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("to", to.Name());
            update.Parameters.AddWithValue("at", at);
            update.Parameters.AddWithValue("order", orderId);
            update.Parameters.AddWithValue("from", from.Select(s => s.Name()).ToArray());
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }
            (memberId, total, currency) = (reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
        }
        await using var batch = new NpgsqlBatch(connection, transaction);
        var history = new NpgsqlBatchCommand("""
            INSERT INTO order_status_history (order_id, seq, status, reason, at)
            SELECT @order, coalesce(max(seq), 0) + 1, @status, @reason, @at FROM order_status_history WHERE order_id = @order
            """);
        history.Parameters.AddWithValue("order", orderId);
        history.Parameters.AddWithValue("status", to.Name());
        history.Parameters.AddWithValue("reason", reason);
        history.Parameters.AddWithValue("at", at);
        batch.BatchCommands.Add(history);
        batch.BatchCommands.Add(OutboxInsert(new OrderEvent(Guid.NewGuid(), OrderEventTypes.OrderStatusChanged, orderId, memberId, to.Name(), total, currency, at)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    private static NpgsqlBatchCommand WithOrder(NpgsqlBatchCommand command, string orderId)
    {
        command.Parameters.AddWithValue("order", orderId);
        return command;
    }

    public async Task<Page<OrderSummary>> ListByMemberAsync(string memberId, PageRequest page, CancellationToken cancellationToken)
    {
        var after = page.Cursor is null ? ((DateTimeOffset, string)?)null : OrderCursor.Parse(page.Cursor);
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand($"""
            SELECT o.id, o.status, o.total, o.currency, o.created_at,
                   (SELECT coalesce(sum(quantity), 0) FROM order_lines l WHERE l.order_id = o.id)
            FROM orders o
            WHERE o.member_id = @member {(after is null ? "" : "AND (o.created_at, o.id) < (@afterAt, @afterId)")}
            ORDER BY o.created_at DESC, o.id DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("member", memberId);
        OrderCursor.Bind(command, page, after);
        var items = new List<OrderSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new OrderSummary(reader.GetString(0), OrderStatuses.Parse(reader.GetString(1)), reader.GetInt64(2), reader.GetString(3),
                (int)reader.GetInt64(5), reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return OrderCursor.Cut(items, page, o => (o.CreatedAt, o.Id));
    }

    public async Task<int> RelayAsync(string? orderId, int limit, Func<OrderEvent, CancellationToken, Task> publish, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = new List<(long Id, OrderEvent Event)>();
        // SKIP LOCKED: rows another relay holds are its to publish; this one takes the next.
        await using (var take = new NpgsqlCommand($"""
            SELECT id, payload::text FROM outbox
            WHERE published_at IS NULL {(orderId is null ? "" : "AND aggregate_id = @order")}
            ORDER BY id LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            take.Parameters.AddWithValue("limit", limit);
            if (orderId is not null)
            {
                take.Parameters.AddWithValue("order", orderId);
            }
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pending.Add((reader.GetInt64(0), JsonSerializer.Deserialize(reader.GetString(1), Json.OrderEvent)!));
            }
        }
        var published = 0;
        foreach (var (id, orderEvent) in pending)
        {
            string? error = null;
            try
            {
                await publish(orderEvent, cancellationToken);
                published++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Recorded on the row and left unpublished; the next run tries it again.
                error = exception.GetType().Name + ": " + exception.Message;
            }
            await using var mark = new NpgsqlCommand(error is null
                ? "UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = @id"
                : "UPDATE outbox SET attempts = attempts + 1, last_error = @error WHERE id = @id", connection, transaction);
            mark.Parameters.AddWithValue("id", id);
            if (error is not null)
            {
                mark.Parameters.AddWithValue("error", error.Length > 1000 ? error[..1000] : error);
            }
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return published;
    }

    public async Task<IReadOnlyDictionary<string, PromotionUsage>> GetUsageAsync(IReadOnlyCollection<string> codes, string? memberId, CancellationToken cancellationToken)
    {
        var source = await database.GetAsync(cancellationToken);
        await using var command = source.CreateCommand("""
            SELECT c.code, coalesce(u.used, 0),
                   (SELECT count(*) FROM promotion_redemptions r WHERE r.code = c.code AND r.member_id = @member)
            FROM unnest(@codes) AS c(code) LEFT JOIN promotion_usage u ON u.code = c.code
            """);
        command.Parameters.AddWithValue("codes", codes.ToArray());
        command.Parameters.AddWithValue("member", NpgsqlDbType.Text, (object?)memberId ?? DBNull.Value);
        var usage = new Dictionary<string, PromotionUsage>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            usage[reader.GetString(0)] = new PromotionUsage(reader.GetInt32(1), (int)reader.GetInt64(2));
        }
        return usage;
    }
}

/// <summary>
/// Keyset paging on a (time, id) pair, newest or oldest first: where a list continues is the last
/// row's time and id, base64url (a member's orders, the review queue).
/// </summary>
internal static class OrderCursor
{
    /// <summary>Binds <c>@limit</c> (one more than asked, to see whether a page follows) and, past the first page, <c>@afterAt</c> and <c>@afterId</c>.</summary>
    public static void Bind(NpgsqlCommand command, PageRequest page, (DateTimeOffset At, string Id)? after)
    {
        command.Parameters.AddWithValue("limit", page.Limit + 1);
        if (after is { } start)
        {
            command.Parameters.AddWithValue("afterAt", start.At);
            command.Parameters.AddWithValue("afterId", start.Id);
        }
    }

    /// <summary>The page: the rows asked for, and a cursor after the last if the query found one more.</summary>
    public static Page<T> Cut<T>(List<T> items, PageRequest page, Func<T, (DateTimeOffset At, string Id)> key)
    {
        if (items.Count <= page.Limit)
        {
            return new Page<T>(items, null);
        }
        items.RemoveAt(items.Count - 1);
        var (at, id) = key(items[^1]);
        return new Page<T>(items, Format(at, id));
    }

    public static string Format(DateTimeOffset createdAt, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{id}"));

    public static (DateTimeOffset, string) Parse(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('|', 2);
            return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), parts[1]);
        }
        catch (Exception exception) when (exception is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new InvalidCursorException("Not a cursor of this listing.");
        }
    }
}
