namespace Shop.Lambda.Aws.Cognito;

// Cognito's members are PascalCase on the wire, as declared here.

public sealed record CognitoAttribute(string Name, string Value);

public sealed record SignUpRequest(string ClientId, string Username, string Password, IReadOnlyList<CognitoAttribute>? UserAttributes = null);

public sealed record SignUpResponse(bool UserConfirmed, string UserSub);

public static class AuthFlows
{
    public const string UserPassword = "USER_PASSWORD_AUTH";
    public const string RefreshToken = "REFRESH_TOKEN_AUTH";
}

public sealed record InitiateAuthRequest(string AuthFlow, string ClientId, IReadOnlyDictionary<string, string> AuthParameters);

public sealed record AuthenticationResult(string AccessToken, string IdToken, string? RefreshToken, int ExpiresIn, string TokenType);

/// <summary>Either tokens, or a challenge (a new password required, MFA) the client must answer first.</summary>
public sealed record InitiateAuthResponse(AuthenticationResult? AuthenticationResult = null, string? ChallengeName = null, string? Session = null);

/// <summary>The shape of every admin call that names one user of one pool.</summary>
public sealed record AdminUserRequest(string UserPoolId, string Username);

public sealed record AdminGroupRequest(string UserPoolId, string Username, string GroupName);

public sealed record AdminGetUserResponse(string Username, IReadOnlyList<CognitoAttribute>? UserAttributes, bool Enabled, string UserStatus);

public sealed record AdminCreateUserRequest(
    string UserPoolId,
    string Username,
    IReadOnlyList<CognitoAttribute>? UserAttributes = null,
    string? TemporaryPassword = null,
    string? MessageAction = null);

public sealed record CognitoUser(string Username, IReadOnlyList<CognitoAttribute>? Attributes, bool Enabled, string UserStatus);

public sealed record AdminCreateUserResponse(CognitoUser User);

public sealed record AdminSetUserPasswordRequest(string UserPoolId, string Username, string Password, bool Permanent);

public sealed record CognitoGroup(string GroupName);

public sealed record AdminListGroupsForUserResponse(IReadOnlyList<CognitoGroup> Groups, string? NextToken = null);
