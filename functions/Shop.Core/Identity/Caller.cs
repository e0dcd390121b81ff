namespace Shop.Core.Identity;

/// <summary>The groups of the user pool that grant roles beyond a member's.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Seller = "seller";
    public const string Fulfillment = "fulfillment";

    public static readonly IReadOnlyList<string> All = [Admin, Seller, Fulfillment];
}

/// <summary>Who is asking: a signed-in user (their id is the user pool's <c>sub</c>) and the roles their token carries.</summary>
public sealed record Caller(string UserId, IReadOnlySet<string> Roles)
{
    public bool IsAdmin => Roles.Contains(Identity.Roles.Admin);
    public bool IsSeller => Roles.Contains(Identity.Roles.Seller);
    public bool IsFulfillment => Roles.Contains(Identity.Roles.Fulfillment);
}
