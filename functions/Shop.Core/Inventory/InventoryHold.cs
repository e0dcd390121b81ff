namespace Shop.Core.Inventory;

/// <summary>Units of one SKU an order holds.</summary>
public sealed record HoldLine(string Sku, string ProductId, int Quantity);

public enum HoldStatus
{
    /// <summary>The units are taken from stock and kept for the order until it is confirmed or fails.</summary>
    Held,

    /// <summary>The units went back to stock (the order failed, was cancelled, or its hold expired). Final.</summary>
    Released,

    /// <summary>The units were sold, then the order was cancelled before they left: they are back in stock. Final.</summary>
    Restocked,

    /// <summary>The order was confirmed: the units are sold. Final.</summary>
    Committed,
}

/// <summary>An order's hold on stock: all its lines or none, released or committed exactly once.</summary>
public sealed record InventoryHold(string OrderId, IReadOnlyList<HoldLine> Lines, HoldStatus Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Stock holds. Taking units and writing the hold is one transaction over every line, conditional
/// on each SKU having the units, so concurrent checkouts never take stock below zero and an order
/// never holds part of its lines. Releasing and committing change the hold's status conditionally
/// on it still being held, so each happens once however often it is asked for.
/// </summary>
public interface IInventoryStore
{
    /// <summary>
    /// Holds the lines for the order, or answers the order's existing hold (a repeated step). Throws
    /// <see cref="Catalog.InsufficientStockException"/> naming a SKU that lacks the units; then nothing is held.
    /// </summary>
    Task<InventoryHold> HoldAsync(string orderId, IReadOnlyList<HoldLine> lines, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Returns the held units to stock; true if this call did it, false if the hold was already released or committed, or never made.</summary>
    Task<bool> ReleaseAsync(string orderId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks the held units sold; true if this call did it, false if already committed. A released hold cannot be committed (<see cref="Common.ConflictException"/>).</summary>
    Task<bool> CommitAsync(string orderId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a committed hold's units back in stock (an order cancelled after confirmation, before its goods
    /// left); true if this call did it, false if the hold was not committed (never made, held, or already restocked).
    /// </summary>
    Task<bool> RestockAsync(string orderId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<InventoryHold?> FindAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Orders whose holds are still held past their expiry, oldest first.</summary>
    Task<IReadOnlyList<string>> ExpiredAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
