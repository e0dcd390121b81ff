using Shop.Core.Common;

namespace Shop.Core.Identity;

public sealed record AddressInput(string? Name, string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country, string? Phone, bool? IsDefault);

/// <summary>A member's saved addresses: at most twenty, exactly one default once there is any.</summary>
public sealed class ManageAddresses(IUserStore users)
{
    public const int MaxAddresses = 20;

    public Task<IReadOnlyList<Address>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        users.ListAddressesAsync(caller.UserId, cancellationToken);

    public async Task<Address> AddAsync(Caller caller, AddressInput input, CancellationToken cancellationToken)
    {
        Validate(input);
        var existing = await users.ListAddressesAsync(caller.UserId, cancellationToken);
        if (existing.Count >= MaxAddresses)
        {
            throw new ConflictException($"A member keeps at most {MaxAddresses} addresses.");
        }
        var address = ToAddress("a-" + Guid.NewGuid().ToString("N")[..12], input, isDefault: input.IsDefault == true || existing.Count == 0);
        await users.SaveAddressesAsync(caller.UserId, WithSingleDefault(existing, address), cancellationToken);
        return address;
    }

    public async Task<Address> UpdateAsync(Caller caller, string addressId, AddressInput input, CancellationToken cancellationToken)
    {
        Validate(input);
        var existing = await users.ListAddressesAsync(caller.UserId, cancellationToken);
        var current = existing.FirstOrDefault(a => a.Id == addressId) ?? throw new NotFoundException("No such address.");
        var address = ToAddress(addressId, input, isDefault: input.IsDefault ?? current.IsDefault);
        await users.SaveAddressesAsync(caller.UserId, WithSingleDefault(existing, address), cancellationToken);
        return address;
    }

    public async Task RemoveAsync(Caller caller, string addressId, CancellationToken cancellationToken)
    {
        if (!await users.DeleteAddressAsync(caller.UserId, addressId, cancellationToken))
        {
            throw new NotFoundException("No such address.");
        }
    }

    /// <summary>The changed address, plus every other one whose default flag it turned off.</summary>
    private static List<Address> WithSingleDefault(IReadOnlyList<Address> existing, Address changed)
    {
        var writes = new List<Address> { changed };
        if (changed.IsDefault)
        {
            writes.AddRange(existing.Where(a => a.Id != changed.Id && a.IsDefault).Select(a => a with { IsDefault = false }));
        }
        return writes;
    }

    private static Address ToAddress(string id, AddressInput input, bool isDefault) => new(
        id, input.Name!.Trim(), input.Line1!.Trim(), Blank(input.Line2), input.City!.Trim(), Blank(input.Region),
        input.PostalCode!.Trim(), input.Country!.Trim().ToUpperInvariant(), Blank(input.Phone), isDefault);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Validate(AddressInput input) => new Validation()
        .When(Text(input.Name, 100), "name", "Is required, at most 100 characters.")
        .When(Text(input.Line1, 200), "line1", "Is required, at most 200 characters.")
        .When(input.Line2 is { Length: > 200 }, "line2", "Must be at most 200 characters.")
        .When(Text(input.City, 100), "city", "Is required, at most 100 characters.")
        .When(input.Region is { Length: > 100 }, "region", "Must be at most 100 characters.")
        .When(Text(input.PostalCode, 20), "postalCode", "Is required, at most 20 characters.")
        .When(input.Country is null || input.Country.Trim().Length != 2 || !input.Country.Trim().All(char.IsAsciiLetter), "country", "Must be a two-letter ISO 3166-1 country code.")
        .When(input.Phone is { Length: > 0 } phone && !Phones.IsValid(phone), "phone", "Must be an international number such as +4915112345678.")
        .ThrowIfAny();

    private static bool Text(string? value, int max) => string.IsNullOrWhiteSpace(value) || value.Trim().Length > max;
}
