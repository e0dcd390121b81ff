using Shop.Core.Common;

namespace Shop.Core.Identity;

/// <summary>The caller's own profile; created on first sight for accounts made outside the API (the seed, the console).</summary>
public sealed class GetMyProfile(IIdentityProvider identity, IUserStore users, TimeProvider time)
{
    public async Task<UserProfile> HandleAsync(Caller caller, CancellationToken cancellationToken)
    {
        var profile = await users.GetAsync(caller.UserId, cancellationToken);
        if (profile is not null)
        {
            return profile;
        }
        var email = await identity.EmailOfAsync(caller.UserId, cancellationToken) ?? throw new NotFoundException("No such user.");
        var now = time.GetUtcNow();
        profile = new UserProfile(caller.UserId, email, null, null, UserStatus.Active, now, now);
        await users.SaveAsync(profile, cancellationToken);
        return profile;
    }
}

public sealed record ProfileChanges(string? Name, string? Phone);

public sealed class UpdateMyProfile(GetMyProfile getProfile, IUserStore users, TimeProvider time)
{
    public async Task<UserProfile> HandleAsync(Caller caller, ProfileChanges changes, CancellationToken cancellationToken)
    {
        new Validation()
            .When(changes.Name is { } name && (name.Trim().Length is 0 or > 100), "name", "Must be 1 to 100 characters.")
            .When(changes.Phone is { } phone && !Phones.IsValid(phone), "phone", "Must be an international number such as +4915112345678.")
            .ThrowIfAny();
        var profile = await getProfile.HandleAsync(caller, cancellationToken);
        var updated = profile with
        {
            Name = changes.Name?.Trim() ?? profile.Name,
            Phone = changes.Phone ?? profile.Phone,
            UpdatedAt = time.GetUtcNow(),
        };
        await users.SaveAsync(updated, cancellationToken);
        return updated;
    }
}

public static class Phones
{
    /// <summary>E.164: a plus and 8 to 15 digits.</summary>
    public static bool IsValid(string phone) =>
        phone.Length is >= 9 and <= 16 && phone[0] == '+' && phone[1..].All(char.IsAsciiDigit);
}
