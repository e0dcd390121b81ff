namespace Shop.Lambda.Aws.Cognito;

/// <summary>
/// Amazon Cognito user pools over their JSON 1.1 API (target prefix
/// AWSCognitoIdentityProviderService, signing name cognito-idp): sign-up and sign-in for users,
/// and the admin calls the API makes on their behalf. Admin calls take the user's <c>sub</c> as
/// the username, which every pool that signs in by email accepts.
/// </summary>
public sealed class CognitoIdentityProviderClient
{
    public const string ServiceId = "Cognito Identity Provider";
    public const string EndpointPrefix = "cognito-idp";

    public static AwsJsonService Service { get; } = new("cognito-idp", "AWSCognitoIdentityProviderService", "1.1");

    private static readonly CognitoJsonContext Json = CognitoJsonContext.Default;

    private readonly AwsJsonClient _client;

    public CognitoIdentityProviderClient(
        HttpClient http,
        Uri endpoint,
        string region,
        IAwsCredentialsProvider credentials,
        AwsRetryOptions? retry = null,
        TimeProvider? time = null)
    {
        Endpoint = endpoint;
        _client = new AwsJsonClient(http, endpoint, region, Service, credentials, retry, time);
    }

    public Uri Endpoint { get; }

    public static Uri ResolveEndpoint(string region, Func<string, string?> environment) =>
        AwsEndpoints.Resolve(ServiceId, EndpointPrefix, region, environment);

    /// <summary>Where a pool publishes its signing keys: the same path on AWS and on a local emulator.</summary>
    public Uri JwksUri(string userPoolId) => new(Endpoint, $"/{Uri.EscapeDataString(userPoolId)}/.well-known/jwks.json");

    public Task<SignUpResponse> SignUpAsync(SignUpRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync("SignUp", request, Json.SignUpRequest, Json.SignUpResponse, cancellationToken);

    public Task<InitiateAuthResponse> InitiateAuthAsync(InitiateAuthRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync("InitiateAuth", request, Json.InitiateAuthRequest, Json.InitiateAuthResponse, cancellationToken);

    public Task AdminConfirmSignUpAsync(string userPoolId, string username, CancellationToken cancellationToken) =>
        AdminAsync("AdminConfirmSignUp", userPoolId, username, cancellationToken);

    public Task AdminDisableUserAsync(string userPoolId, string username, CancellationToken cancellationToken) =>
        AdminAsync("AdminDisableUser", userPoolId, username, cancellationToken);

    public Task AdminEnableUserAsync(string userPoolId, string username, CancellationToken cancellationToken) =>
        AdminAsync("AdminEnableUser", userPoolId, username, cancellationToken);

    /// <summary>Revokes the user's refresh tokens: no new access tokens until they sign in again.</summary>
    public Task AdminUserGlobalSignOutAsync(string userPoolId, string username, CancellationToken cancellationToken) =>
        AdminAsync("AdminUserGlobalSignOut", userPoolId, username, cancellationToken);

    public Task<AdminGetUserResponse> AdminGetUserAsync(string userPoolId, string username, CancellationToken cancellationToken) =>
        _client.SendAsync("AdminGetUser", new AdminUserRequest(userPoolId, username), Json.AdminUserRequest, Json.AdminGetUserResponse, cancellationToken);

    public Task AdminAddUserToGroupAsync(string userPoolId, string username, string group, CancellationToken cancellationToken) =>
        _client.SendAsync("AdminAddUserToGroup", new AdminGroupRequest(userPoolId, username, group), Json.AdminGroupRequest, Json.AwsEmpty, cancellationToken);

    public Task AdminRemoveUserFromGroupAsync(string userPoolId, string username, string group, CancellationToken cancellationToken) =>
        _client.SendAsync("AdminRemoveUserFromGroup", new AdminGroupRequest(userPoolId, username, group), Json.AdminGroupRequest, Json.AwsEmpty, cancellationToken);

    public Task<AdminListGroupsForUserResponse> AdminListGroupsForUserAsync(string userPoolId, string username, CancellationToken cancellationToken) =>
        _client.SendAsync("AdminListGroupsForUser", new AdminUserRequest(userPoolId, username), Json.AdminUserRequest, Json.AdminListGroupsForUserResponse, cancellationToken);

    public Task<AdminCreateUserResponse> AdminCreateUserAsync(AdminCreateUserRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync("AdminCreateUser", request, Json.AdminCreateUserRequest, Json.AdminCreateUserResponse, cancellationToken);

    public Task AdminSetUserPasswordAsync(AdminSetUserPasswordRequest request, CancellationToken cancellationToken) =>
        _client.SendAsync("AdminSetUserPassword", request, Json.AdminSetUserPasswordRequest, Json.AwsEmpty, cancellationToken);

    private Task AdminAsync(string operation, string userPoolId, string username, CancellationToken cancellationToken) =>
        _client.SendAsync(operation, new AdminUserRequest(userPoolId, username), Json.AdminUserRequest, Json.AwsEmpty, cancellationToken);
}
