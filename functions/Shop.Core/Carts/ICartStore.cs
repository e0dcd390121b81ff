using Shop.Core.Common;

namespace Shop.Core.Carts;

/// <summary>Carts, and which cart is each member's. Writes are conditional on the version read (<see cref="ConcurrentChangeException"/>).</summary>
public interface ICartStore
{
    Task<Cart?> FindAsync(string cartId, CancellationToken cancellationToken);

    /// <summary>The member's cart, if they have one.</summary>
    Task<Cart?> FindMemberCartAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Writes a new cart; a member's cart also becomes theirs, or <see cref="ConflictException"/> if they already have one.</summary>
    Task CreateAsync(Cart cart, CancellationToken cancellationToken);

    /// <summary>Writes the cart if it is still at <paramref name="expectedVersion"/>.</summary>
    Task SaveAsync(Cart cart, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the cart (and the member's link to it) if it is still at <paramref name="expectedVersion"/>.</summary>
    Task DeleteAsync(Cart cart, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// In one atomic write: deletes the guest cart (if still at its version) and writes the member's
    /// cart as <paramref name="memberCart"/> (if still at <paramref name="memberCartVersion"/>). Without a
    /// member cart version the guest cart itself becomes the member's (same id), if still at its version.
    /// </summary>
    Task ClaimAsync(Cart guestCart, Cart memberCart, long? memberCartVersion, CancellationToken cancellationToken);
}
