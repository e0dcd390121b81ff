using System.Text.Json.Serialization;

namespace Shop.Lambda.Aws.Cognito;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignUpRequest))]
[JsonSerializable(typeof(SignUpResponse))]
[JsonSerializable(typeof(InitiateAuthRequest))]
[JsonSerializable(typeof(InitiateAuthResponse))]
[JsonSerializable(typeof(AdminUserRequest))]
[JsonSerializable(typeof(AdminGroupRequest))]
[JsonSerializable(typeof(AdminGetUserResponse))]
[JsonSerializable(typeof(AdminCreateUserRequest))]
[JsonSerializable(typeof(AdminCreateUserResponse))]
[JsonSerializable(typeof(AdminSetUserPasswordRequest))]
[JsonSerializable(typeof(AdminListGroupsForUserResponse))]
[JsonSerializable(typeof(AwsEmpty))]
internal sealed partial class CognitoJsonContext : JsonSerializerContext;
