using Shop.Core.Common;
using Shop.Core.Identity;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.Cognito;

namespace Shop.Adapters.Identity;

/// <summary>The user pool behind <see cref="IIdentityProvider"/>; the pool signs users in by email.</summary>
public sealed class CognitoIdentityProvider(CognitoIdentityProviderClient cognito, UserPool pool) : IIdentityProvider
{
    public async Task<string> RegisterAsync(string email, string password, CancellationToken cancellationToken)
    {
        try
        {
            var signedUp = await cognito.SignUpAsync(
                new SignUpRequest(pool.ClientId, email, password, [new CognitoAttribute("email", email)]), cancellationToken);
            // Registration is usable at once; confirming the address by mail is a later feature.
            await cognito.AdminConfirmSignUpAsync(pool.Id, signedUp.UserSub, cancellationToken);
            return signedUp.UserSub;
        }
        catch (AwsServiceException error) when (error.ErrorCode == "UsernameExistsException")
        {
            throw new EmailTakenException();
        }
        catch (AwsServiceException error) when (error.ErrorCode is "InvalidPasswordException")
        {
            throw new WeakPasswordException("Use at least 8 characters with an upper-case letter, a lower-case letter, a digit and a symbol.");
        }
        catch (AwsServiceException error) when (error.ErrorCode is "InvalidParameterException")
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["email"] = ["Is not accepted as a sign-in address."] });
        }
    }

    public Task<Session> SignInAsync(string email, string password, CancellationToken cancellationToken) =>
        AuthenticateAsync(AuthFlows.UserPassword, new Dictionary<string, string> { ["USERNAME"] = email, ["PASSWORD"] = password }, cancellationToken);

    public Task<Session> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        AuthenticateAsync(AuthFlows.RefreshToken, new Dictionary<string, string> { ["REFRESH_TOKEN"] = refreshToken }, cancellationToken);

    public async Task<string?> EmailOfAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var user = await cognito.AdminGetUserAsync(pool.Id, userId, cancellationToken);
            return user.UserAttributes?.FirstOrDefault(a => a.Name == "email")?.Value;
        }
        catch (AwsServiceException error) when (error.ErrorCode == "UserNotFoundException")
        {
            return null;
        }
    }

    public Task GrantRoleAsync(string userId, string role, CancellationToken cancellationToken) =>
        ForKnownUser(() => cognito.AdminAddUserToGroupAsync(pool.Id, userId, role, cancellationToken));

    public Task DisableAsync(string userId, CancellationToken cancellationToken) => ForKnownUser(async () =>
    {
        await cognito.AdminDisableUserAsync(pool.Id, userId, cancellationToken);
        await cognito.AdminUserGlobalSignOutAsync(pool.Id, userId, cancellationToken);
    });

    public Task EnableAsync(string userId, CancellationToken cancellationToken) =>
        ForKnownUser(() => cognito.AdminEnableUserAsync(pool.Id, userId, cancellationToken));

    private async Task<Session> AuthenticateAsync(string flow, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        InitiateAuthResponse response;
        try
        {
            response = await cognito.InitiateAuthAsync(new InitiateAuthRequest(flow, pool.ClientId, parameters), cancellationToken);
        }
        catch (AwsServiceException error) when (error.ErrorCode == "NotAuthorizedException" && error.Message.Contains("disabled", StringComparison.OrdinalIgnoreCase))
        {
            throw new UserBlockedException();
        }
        catch (AwsServiceException error) when (error.ErrorCode is "NotAuthorizedException" or "UserNotFoundException" or "UserNotConfirmedException")
        {
            throw new InvalidCredentialsException();
        }
        var tokens = response.AuthenticationResult
            ?? throw new InvalidOperationException($"The user pool asked for {response.ChallengeName}, which this API does not support.");
        return new Session(SubjectOf(tokens.AccessToken), tokens.AccessToken, tokens.IdToken, tokens.RefreshToken, tokens.ExpiresIn);
    }

    /// <summary>The token's subject, read without verifying: it comes straight from the pool over TLS, not from a client.</summary>
    private static string SubjectOf(string accessToken)
    {
        var payload = accessToken.Split('.') is { Length: 3 } parts ? System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]) : [];
        using var claims = System.Text.Json.JsonDocument.Parse(payload);
        return claims.RootElement.GetProperty("sub").GetString()
            ?? throw new InvalidOperationException("The user pool issued an access token without a subject.");
    }

    private static async Task ForKnownUser(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (AwsServiceException error) when (error.ErrorCode == "UserNotFoundException")
        {
            throw new NotFoundException("No such user.");
        }
    }
}

/// <summary>The user pool and the app client the API signs users in through.</summary>
public sealed record UserPool(string Id, string ClientId, string Region)
{
    public string Issuer => $"https://cognito-idp.{Region}.amazonaws.com/{Id}";
}
