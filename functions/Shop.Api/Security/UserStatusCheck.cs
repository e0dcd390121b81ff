using System.Collections.Concurrent;
using Shop.Api.Http;
using Shop.Core.Identity;

namespace Shop.Api.Security;

/// <summary>
/// Refuses every request of a blocked user, tokens issued before the block included. The status is
/// read from the profile and kept for a few seconds per execution environment, so a block takes
/// effect within <see cref="Freshness"/> on every warm function.
/// </summary>
public sealed class UserStatusCheck(IUserStore users, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, (UserStatus Status, DateTimeOffset ReadAt)> _seen = new(StringComparer.Ordinal);

    public async Task<UserStatus> StatusAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_seen.TryGetValue(userId, out var seen) && now - seen.ReadAt < Freshness)
        {
            return seen.Status;
        }
        var status = (await users.GetAsync(userId, cancellationToken))?.Status ?? UserStatus.Active;
        _seen[userId] = (status, now);
        return status;
    }
}

public static class UserStatusCheckExtensions
{
    public static IApplicationBuilder UseBlockedUserRefusal(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.ToCaller() is { } caller
            && await context.RequestServices.GetRequiredService<UserStatusCheck>().StatusAsync(caller.UserId, context.RequestAborted) == UserStatus.Blocked)
        {
            await Problems.Problem(StatusCodes.Status403Forbidden, Problems.Types.UserBlocked, "This account is blocked.",
                "An administrator blocked this account.").ExecuteAsync(context);
            return;
        }
        await next(context);
    });
}
