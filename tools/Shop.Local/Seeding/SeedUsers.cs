using Shop.Adapters.DynamoDb;
using Shop.Core.Identity;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.Cognito;

namespace Shop.Local.Seeding;

public sealed record SeededUsers(string AdminId, string SellerId);

/// <summary>
/// The accounts `./shop up` starts with: an admin and an approved seller, both signing in with the
/// seed password (SHOP_SEED_PASSWORD, "Local-dev-1!" unless set).
/// </summary>
public static class SeedUsers
{
    public const string AdminEmail = "admin@shop.local";
    public const string SellerEmail = "seller@shop.local";
    public const string DefaultPassword = "Local-dev-1!";

    public static async Task<SeededUsers> SeedAsync(CognitoIdentityProviderClient cognito, DynamoDbUserStore users, string userPoolId, string password, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var adminId = await CreateAsync(cognito, userPoolId, AdminEmail, password, Roles.Admin, cancellationToken);
        await users.SaveAsync(new UserProfile(adminId, AdminEmail, "Shop Admin", null, UserStatus.Active, now, now), cancellationToken);

        var sellerId = await CreateAsync(cognito, userPoolId, SellerEmail, password, Roles.Seller, cancellationToken);
        await users.SaveAsync(new UserProfile(sellerId, SellerEmail, "Demo Seller", null, UserStatus.Active, now, now), cancellationToken);
        await users.SaveApplicationAsync(new SellerApplication(sellerId, "Demo Store", SellerApplicationStatus.Approved, now, now, adminId), cancellationToken);
        return new SeededUsers(adminId, sellerId);
    }

    private static async Task<string> CreateAsync(CognitoIdentityProviderClient cognito, string poolId, string email, string password, string role, CancellationToken cancellationToken)
    {
        AdminCreateUserResponse created;
        try
        {
            created = await cognito.AdminCreateUserAsync(new AdminCreateUserRequest(poolId, email,
                [new CognitoAttribute("email", email), new CognitoAttribute("email_verified", "true")], MessageAction: "SUPPRESS"), cancellationToken);
        }
        catch (AwsServiceException error) when (error.ErrorCode == "InvalidPasswordException")
        {
            throw new Processes.PrerequisiteException($"The user pool refuses the seed password for {email}: set SHOP_SEED_PASSWORD to one that meets its policy.");
        }
        var userId = created.User.Username;
        await cognito.AdminSetUserPasswordAsync(new AdminSetUserPasswordRequest(poolId, userId, password, Permanent: true), cancellationToken);
        await cognito.AdminAddUserToGroupAsync(poolId, userId, role, cancellationToken);
        return userId;
    }
}
