using Shop.Core.Identity;

namespace Shop.Core.Tests.Builders;

public static class Callers
{
    public static Caller ASeller(string id = "seller-1") => new(id, new HashSet<string> { Roles.Seller });
}
