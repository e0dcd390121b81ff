using System.Security.Cryptography;

namespace Shop.Core.Common;

public static class Ids
{
    /// <summary>A new identifier, <c>p-3f9a0c7d12e4b6a8</c>: a type prefix and 64 random bits, unguessable and short enough for URLs.</summary>
    public static string New(string prefix) => prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
