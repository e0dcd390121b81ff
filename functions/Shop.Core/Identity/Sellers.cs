using Shop.Core.Common;

namespace Shop.Core.Identity;

/// <summary>A member asks to sell; an admin decides.</summary>
public sealed class ApplyToSell(IUserStore users, TimeProvider time)
{
    public async Task<SellerApplication> HandleAsync(Caller caller, string? storeName, CancellationToken cancellationToken)
    {
        new Validation().When(string.IsNullOrWhiteSpace(storeName) || storeName.Trim().Length > 100, "storeName", "Is required, at most 100 characters.").ThrowIfAny();
        if (caller.IsSeller)
        {
            throw new ConflictException("You are a seller already.");
        }
        var current = await users.GetApplicationAsync(caller.UserId, cancellationToken);
        if (current is { Status: SellerApplicationStatus.Pending })
        {
            throw new ConflictException("Your application is waiting for a decision.");
        }
        var application = new SellerApplication(caller.UserId, storeName!.Trim(), SellerApplicationStatus.Pending, time.GetUtcNow(), null, null);
        await users.SaveApplicationAsync(application, cancellationToken);
        return application;
    }
}

public sealed class DecideSellerApplication(IUserStore users, IIdentityProvider identity, TimeProvider time)
{
    public async Task<SellerApplication> HandleAsync(Caller admin, string userId, bool approve, CancellationToken cancellationToken)
    {
        var application = await users.GetApplicationAsync(userId, cancellationToken) ?? throw new NotFoundException("No application from this user.");
        if (application.Status != SellerApplicationStatus.Pending)
        {
            throw new ConflictException($"The application was {application.Status.ToString().ToLowerInvariant()} already.");
        }
        if (approve)
        {
            // Granting first: a decision recorded without the role would leave the seller unable to sell.
            await identity.GrantRoleAsync(userId, Roles.Seller, cancellationToken);
        }
        var decided = application with
        {
            Status = approve ? SellerApplicationStatus.Approved : SellerApplicationStatus.Rejected,
            DecidedAt = time.GetUtcNow(),
            DecidedBy = admin.UserId,
        };
        await users.SaveApplicationAsync(decided, cancellationToken);
        return decided;
    }
}
