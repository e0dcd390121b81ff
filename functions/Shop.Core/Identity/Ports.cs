using Shop.Core.Common;

namespace Shop.Core.Identity;

/// <summary>The user pool: accounts, passwords, sessions and group membership (roles).</summary>
public interface IIdentityProvider
{
    /// <summary>Creates a confirmed account; answers the user's id (the pool's <c>sub</c>).</summary>
    Task<string> RegisterAsync(string email, string password, CancellationToken cancellationToken);

    Task<Session> SignInAsync(string email, string password, CancellationToken cancellationToken);

    Task<Session> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    Task<string?> EmailOfAsync(string userId, CancellationToken cancellationToken);

    Task GrantRoleAsync(string userId, string role, CancellationToken cancellationToken);

    /// <summary>Stops sign-ins and revokes refresh tokens; access tokens already issued are refused by the API's status check.</summary>
    Task DisableAsync(string userId, CancellationToken cancellationToken);

    Task EnableAsync(string userId, CancellationToken cancellationToken);
}

public interface IUserStore
{
    Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken);

    Task SaveAsync(UserProfile profile, CancellationToken cancellationToken);

    Task<IReadOnlyList<Address>> ListAddressesAsync(string userId, CancellationToken cancellationToken);

    Task SaveAddressesAsync(string userId, IReadOnlyList<Address> changed, CancellationToken cancellationToken);

    Task<bool> DeleteAddressAsync(string userId, string addressId, CancellationToken cancellationToken);

    Task<SellerApplication?> GetApplicationAsync(string userId, CancellationToken cancellationToken);

    Task SaveApplicationAsync(SellerApplication application, CancellationToken cancellationToken);

    Task<Page<SellerApplication>> ListApplicationsAsync(SellerApplicationStatus status, PageRequest page, CancellationToken cancellationToken);
}

/// <summary>The account exists already: an address can register once.</summary>
public sealed class EmailTakenException() : Exception("An account with this email exists already.");

/// <summary>The user pool refused the password (too short, missing a character class).</summary>
public sealed class WeakPasswordException(string reason) : Exception(reason);

/// <summary>Wrong email or password, an unknown account or an expired refresh token: one answer for all, so accounts cannot be probed.</summary>
public sealed class InvalidCredentialsException() : Exception("The email or password is not correct, or the session has ended.");

/// <summary>An admin blocked this account.</summary>
public sealed class UserBlockedException() : Exception("This account is blocked.");
