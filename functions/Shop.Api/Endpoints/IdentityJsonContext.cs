using System.Text.Json.Serialization;
using Shop.Core.Identity;

namespace Shop.Api.Endpoints;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Credentials))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(RegisteredResponse))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(ProfileUpdate))]
[JsonSerializable(typeof(ProfileResponse))]
[JsonSerializable(typeof(AddressRequest))]
[JsonSerializable(typeof(Address))]
[JsonSerializable(typeof(AddressesResponse))]
[JsonSerializable(typeof(SellerApplicationRequest))]
[JsonSerializable(typeof(SellerApplicationResponse))]
[JsonSerializable(typeof(SellerApplicationsResponse))]
[JsonSerializable(typeof(UserStatusResponse))]
internal sealed partial class IdentityJsonContext : JsonSerializerContext;
