namespace Shop.Core.Identity;

public enum UserStatus
{
    Active,
    Blocked,
}

/// <summary>What Shop keeps about a user beyond the user pool: name, phone, and whether they are blocked.</summary>
public sealed record UserProfile(
    string Id,
    string Email,
    string? Name,
    string? Phone,
    UserStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record Address(
    string Id,
    string Name,
    string Line1,
    string? Line2,
    string City,
    string? Region,
    string PostalCode,
    string Country,
    string? Phone,
    bool IsDefault);

public enum SellerApplicationStatus
{
    Pending,
    Approved,
    Rejected,
}

public sealed record SellerApplication(
    string UserId,
    string StoreName,
    SellerApplicationStatus Status,
    DateTimeOffset AppliedAt,
    DateTimeOffset? DecidedAt,
    string? DecidedBy);

/// <summary>Tokens from the user pool after a sign-in or a refresh.</summary>
public sealed record Session(string UserId, string AccessToken, string IdToken, string? RefreshToken, int ExpiresIn);
