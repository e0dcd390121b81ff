using Amazon.CDK;
using Amazon.CDK.AWS.Cognito;
using Constructs;
using Shop.Core.Identity;

namespace Shop.Infra.Stacks;

/// <summary>
/// Who may sign in: the Cognito user pool (members sign up with their email), the groups that grant
/// the roles beyond a member's, and the app client the storefront signs in through.
/// </summary>
/// <remarks>
/// Its own stack because its lifecycle is its own: the accounts outlive every deployment like the
/// data does, but the pool needs nothing from the network or the database, and client settings
/// change on a different rhythm than tables and clusters.
/// </remarks>
public sealed class IdentityStack : Stack
{
    public const string UserPoolName = "shop-users";
    public const string StorefrontClientName = "storefront";

    public UserPool UserPool { get; }

    /// <summary>The client the storefront (and the Api on its behalf) signs users in with.</summary>
    public UserPoolClient StorefrontClient { get; }

    public IReadOnlyList<CfnUserPoolGroup> Groups { get; }

    public IdentityStack(Construct scope, string id, IStackProps? props = null) : base(scope, id, props)
    {
        UserPool = CreateUserPool();
        StorefrontClient = CreateStorefrontClient(UserPool);
        Groups = Roles.All.Select(role => CreateGroup(UserPool, role)).ToList();
        _ = new CfnOutput(this, "UserPoolId", new CfnOutputProps { Value = UserPool.UserPoolId, Description = "Cognito user pool of Shop's users" });
        _ = new CfnOutput(this, "UserPoolClientId", new CfnOutputProps { Value = StorefrontClient.UserPoolClientId, Description = "App client the storefront signs in with" });
    }

    private UserPool CreateUserPool() => new(this, "UserPool", new UserPoolProps
    {
        UserPoolName = UserPoolName,
        // The email is the username: users sign in with it, in any letter case.
        SignInAliases = new SignInAliases { Email = true },
        SignInCaseSensitive = false,
        SelfSignUpEnabled = true,
        AutoVerify = new AutoVerifiedAttrs { Email = true },
        UserVerification = new UserVerificationConfig
        {
            EmailStyle = VerificationEmailStyle.CODE,
            EmailSubject = "Your Shop verification code",
            EmailBody = "Your Shop verification code is {####}",
        },
        // A changed email takes effect (also as the sign-in name) only once the new address is verified.
        KeepOriginal = new KeepOriginalAttrs { Email = true },
        StandardAttributes = new StandardAttributes
        {
            Email = new StandardAttribute { Required = true, Mutable = true },
        },
        PasswordPolicy = new PasswordPolicy
        {
            MinLength = 8,
            RequireLowercase = true,
            RequireUppercase = true,
            RequireDigits = true,
            RequireSymbols = true,
            TempPasswordValidity = Duration.Days(3),
        },
        AccountRecovery = AccountRecovery.EMAIL_ONLY,
        // The accounts are not rebuildable: neither a stack deletion nor a console click may delete them.
        DeletionProtection = true,
        RemovalPolicy = RemovalPolicy.RETAIN,
    });

    private static UserPoolClient CreateStorefrontClient(UserPool pool) => pool.AddClient("StorefrontClient", new UserPoolClientOptions
    {
        UserPoolClientName = StorefrontClientName,
        // A public client: a secret in a browser or an app would not stay secret.
        GenerateSecret = false,
        // Username and password (the Api's /auth/login), plus refresh, which CDK adds to any flow.
        AuthFlows = new AuthFlow { UserPassword = true },
        // No hosted UI or OAuth redirects: sign-in goes through the Api.
        DisableOAuth = true,
        SupportedIdentityProviders = [UserPoolClientIdentityProvider.COGNITO],
        AccessTokenValidity = Duration.Hours(1),
        IdTokenValidity = Duration.Hours(1),
        RefreshTokenValidity = Duration.Days(30),
        EnableTokenRevocation = true,
        // "Incorrect username or password" whether or not the account exists: sign-in cannot probe for emails.
        PreventUserExistenceErrors = true,
        // Profile data lives in the table; through Cognito's own API a user reads and changes only the email.
        ReadAttributes = new ClientAttributes().WithStandardAttributes(new StandardAttributesMask { Email = true, EmailVerified = true }),
        WriteAttributes = new ClientAttributes().WithStandardAttributes(new StandardAttributesMask { Email = true }),
    });

    private CfnUserPoolGroup CreateGroup(IUserPool pool, string role) => new(this, $"{char.ToUpperInvariant(role[0])}{role[1..]}Group", new CfnUserPoolGroupProps
    {
        UserPoolId = pool.UserPoolId,
        GroupName = role,
        Description = GroupDescriptions[role],
    });

    private static readonly IReadOnlyDictionary<string, string> GroupDescriptions = new Dictionary<string, string>
    {
        [Roles.Admin] = "Manages categories and users",
        [Roles.Seller] = "Lists products and sets their stock",
        [Roles.Fulfillment] = "Records shipment events",
    };
}
