using System.Net.Mail;
using Shop.Core.Common;

namespace Shop.Core.Identity;

public static class Emails
{
    /// <summary>A plausible address: one @, a dotted domain, no spaces, at most 254 characters (RFC 5321's limit).</summary>
    public static bool IsValid(string? email) =>
        !string.IsNullOrWhiteSpace(email)
        && email.Length <= 254
        && !email.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && address.Host.Contains('.', StringComparison.Ordinal);

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>A guest becomes a member: a confirmed account in the user pool and a profile in Shop.</summary>
public sealed class RegisterMember(IIdentityProvider identity, IUserStore users, TimeProvider time)
{
    public async Task<UserProfile> HandleAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        new Validation()
            .When(!Emails.IsValid(email?.Trim()), "email", "Must be an email address.")
            .When(string.IsNullOrEmpty(password), "password", "Is required.")
            .When(password is { Length: > 256 }, "password", "Must be at most 256 characters.")
            .ThrowIfAny();

        var normalized = Emails.Normalize(email!);
        string userId;
        try
        {
            userId = await identity.RegisterAsync(normalized, password!, cancellationToken);
        }
        catch (WeakPasswordException weak)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["password"] = [weak.Message] });
        }
        var now = time.GetUtcNow();
        var profile = new UserProfile(userId, normalized, null, null, UserStatus.Active, now, now);
        await users.SaveAsync(profile, cancellationToken);
        return profile;
    }
}

/// <summary>A session for a member who is not blocked: Shop's own record decides, whatever the pool says yet.</summary>
public sealed class SignIn(IIdentityProvider identity, IUserStore users)
{
    public async Task<Session> HandleAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        new Validation()
            .When(string.IsNullOrWhiteSpace(email), "email", "Is required.")
            .When(string.IsNullOrEmpty(password), "password", "Is required.")
            .ThrowIfAny();
        var session = await identity.SignInAsync(Emails.Normalize(email!), password!, cancellationToken);
        return await Sessions.RefuseBlockedAsync(session, users, cancellationToken);
    }
}

public sealed class RefreshSession(IIdentityProvider identity, IUserStore users)
{
    public async Task<Session> HandleAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        new Validation().When(string.IsNullOrWhiteSpace(refreshToken), "refreshToken", "Is required.").ThrowIfAny();
        var session = await identity.RefreshAsync(refreshToken!, cancellationToken);
        return await Sessions.RefuseBlockedAsync(session, users, cancellationToken);
    }
}

internal static class Sessions
{
    public static async Task<Session> RefuseBlockedAsync(Session session, IUserStore users, CancellationToken cancellationToken) =>
        (await users.GetAsync(session.UserId, cancellationToken))?.Status == UserStatus.Blocked
            ? throw new UserBlockedException()
            : session;
}
