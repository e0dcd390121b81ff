using Shop.Core.Common;

namespace Shop.Core.Identity;

/// <summary>
/// An admin blocks or unblocks a user. Blocking disables the account in the user pool (no sign-in,
/// refresh tokens revoked) and marks the profile, which the API checks on every request, so tokens
/// already issued stop working too.
/// </summary>
public sealed class ChangeUserStatus(IIdentityProvider identity, IUserStore users, TimeProvider time)
{
    public async Task<UserProfile> HandleAsync(Caller admin, string userId, UserStatus status, CancellationToken cancellationToken)
    {
        if (userId == admin.UserId)
        {
            throw new ConflictException("Admins cannot block or unblock themselves.");
        }
        var profile = await users.GetAsync(userId, cancellationToken) ?? await NewProfileAsync(userId, cancellationToken);
        var changed = profile with { Status = status, UpdatedAt = time.GetUtcNow() };
        // The order leaves no window of access: a block is recorded before the account is disabled,
        // an unblock takes effect in the pool before the API lets tokens through again.
        if (status == UserStatus.Blocked)
        {
            await users.SaveAsync(changed, cancellationToken);
            await identity.DisableAsync(userId, cancellationToken);
        }
        else
        {
            await identity.EnableAsync(userId, cancellationToken);
            await users.SaveAsync(changed, cancellationToken);
        }
        return changed;
    }

    private async Task<UserProfile> NewProfileAsync(string userId, CancellationToken cancellationToken)
    {
        var email = await identity.EmailOfAsync(userId, cancellationToken) ?? throw new NotFoundException("No such user.");
        var now = time.GetUtcNow();
        return new UserProfile(userId, email, null, null, UserStatus.Active, now, now);
    }
}
