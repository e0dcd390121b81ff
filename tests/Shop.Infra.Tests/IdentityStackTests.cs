using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Shop.Core.Identity;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class IdentityStackTests(ShopApp app)
{
    // What `./shop up` seeds its users with unless SHOP_SEED_PASSWORD says otherwise (DESIGN.md §8).
    private const string SeedPassword = "Local-dev-1!";

    private readonly Template identity = app.Identity;
    private readonly TemplateJson json = new(app.Identity);

    private (string LogicalId, JsonObject Resource) Pool => json.Resources("AWS::Cognito::UserPool").Single();

    private JsonNode PoolProperties => Pool.Resource["Properties"]!;

    private JsonNode ClientProperties => json.Resources("AWS::Cognito::UserPoolClient").Single().Resource["Properties"]!;

    [Fact]
    public void SignsInWithCaseInsensitiveEmail_WhenUserPoolIsCreated()
    {
        Assert.Equal(["email"], PoolProperties["UsernameAttributes"]!.AsArray().Select(a => (string?)a));
        Assert.False((bool?)PoolProperties["UsernameConfiguration"]!["CaseSensitive"]);
        Assert.Null(PoolProperties["AliasAttributes"]);
    }

    [Fact]
    public void LetsUsersSignUpAndVerifiesTheirEmail_WhenUserPoolIsCreated() =>
        identity.HasResourceProperties("AWS::Cognito::UserPool", new Dictionary<string, object>
        {
            ["AdminCreateUserConfig"] = new Dictionary<string, object> { ["AllowAdminCreateUserOnly"] = false },
            ["AutoVerifiedAttributes"] = new[] { "email" },
            ["Schema"] = Match.ArrayWith(new object[]
            {
                new Dictionary<string, object> { ["Name"] = "email", ["Required"] = true, ["Mutable"] = true },
            }),
        });

    [Fact]
    public void RequiresEightCharactersOfEveryKind_WhenPasswordIsSet() =>
        identity.HasResourceProperties("AWS::Cognito::UserPool", new Dictionary<string, object>
        {
            ["Policies"] = new Dictionary<string, object>
            {
                ["PasswordPolicy"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["MinimumLength"] = 8,
                    ["RequireLowercase"] = true,
                    ["RequireUppercase"] = true,
                    ["RequireNumbers"] = true,
                    ["RequireSymbols"] = true,
                }),
            },
        });

    [Theory]
    [InlineData(SeedPassword, true)]
    [InlineData("local-dev-1!", false)]
    [InlineData("Local-dev-!", false)]
    [InlineData("Localdev1", false)]
    [InlineData("Lo-de-1!", true)]
    [InlineData("Lo-d-1!", false)]
    public void AcceptsOnlyPasswordsMeetingThePolicy_WhenUserSignsUp(string password, bool accepted) =>
        Assert.Equal(accepted, MeetsPolicy(password, PoolProperties["Policies"]!["PasswordPolicy"]!));

    [Fact]
    public void RecoversAccountsByVerifiedEmailOnly_WhenPasswordIsForgotten()
    {
        var mechanisms = PoolProperties["AccountRecoverySetting"]!["RecoveryMechanisms"]!.AsArray();

        Assert.Equal(["verified_email"], mechanisms.Select(m => (string?)m!["Name"]));
    }

    [Fact]
    public void KeepsUsers_WhenStackIsDeletedOrPoolIsDeletedByHand()
    {
        Assert.Equal("Retain", (string?)Pool.Resource["DeletionPolicy"]);
        Assert.Equal("Retain", (string?)Pool.Resource["UpdateReplacePolicy"]);
        Assert.Equal("ACTIVE", (string?)PoolProperties["DeletionProtection"]);
    }

    [Fact]
    public void DefinesExactlyTheRoleGroups_WhenUserPoolIsCreated()
    {
        var groups = json.Resources("AWS::Cognito::UserPoolGroup").Select(g => g.Resource["Properties"]!).ToList();

        Assert.Equal(["admin", "fulfillment", "seller"], groups.Select(g => (string)g["GroupName"]!).Order());
        Assert.Equal(Roles.All.Order(), groups.Select(g => (string)g["GroupName"]!).Order());
        Assert.All(groups, g => Assert.Equal(Pool.LogicalId, (string?)g["UserPoolId"]!["Ref"]));
    }

    [Fact]
    public void SignsInWithPasswordAndRefreshOnly_WhenStorefrontClientIsCreated()
    {
        var flows = ClientProperties["ExplicitAuthFlows"]!.AsArray().Select(f => (string?)f).Order();

        Assert.Equal(["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"], flows);
        Assert.False((bool?)ClientProperties["AllowedOAuthFlowsUserPoolClient"]);
        Assert.Null(ClientProperties["AllowedOAuthFlows"]);
    }

    [Fact]
    public void HasNoSecret_WhenStorefrontClientIsCreated() =>
        Assert.False((bool?)ClientProperties["GenerateSecret"]);

    [Fact]
    public void IssuesHourLongTokensAndMonthLongRefreshTokens_WhenUserSignsIn()
    {
        var units = ClientProperties["TokenValidityUnits"]!;

        Assert.Equal(TimeSpan.FromHours(1), Validity(ClientProperties["AccessTokenValidity"], units["AccessToken"]));
        Assert.Equal(TimeSpan.FromHours(1), Validity(ClientProperties["IdTokenValidity"], units["IdToken"]));
        Assert.Equal(TimeSpan.FromDays(30), Validity(ClientProperties["RefreshTokenValidity"], units["RefreshToken"]));
    }

    [Fact]
    public void HidesWhetherAccountExists_WhenSignInFails() =>
        Assert.Equal("ENABLED", (string?)ClientProperties["PreventUserExistenceErrors"]);

    [Fact]
    public void BelongsToThePool_WhenStorefrontClientIsCreated() =>
        Assert.Equal(Pool.LogicalId, (string?)ClientProperties["UserPoolId"]!["Ref"]);

    [Fact]
    public void OutputsPoolAndClientIds_WhenSynthesized()
    {
        var clientId = json.Resources("AWS::Cognito::UserPoolClient").Single().LogicalId;

        identity.HasOutput("UserPoolId", new Dictionary<string, object> { ["Value"] = new Dictionary<string, object> { ["Ref"] = Pool.LogicalId } });
        identity.HasOutput("UserPoolClientId", new Dictionary<string, object> { ["Value"] = new Dictionary<string, object> { ["Ref"] = clientId } });
    }

    private static TimeSpan Validity(JsonNode? value, JsonNode? unit) => (string?)unit switch
    {
        "minutes" => TimeSpan.FromMinutes((int)value!),
        "hours" => TimeSpan.FromHours((int)value!),
        "days" => TimeSpan.FromDays((int)value!),
        // Cognito's defaults when no unit is given: access and ID tokens in hours, refresh tokens in days.
        _ => throw new InvalidOperationException($"Give the token validity units explicitly, not '{unit?.ToJsonString()}'."),
    };

    /// <summary>Cognito's rules for a password against the pool's policy (its symbols are the listed ASCII ones).</summary>
    private static bool MeetsPolicy(string password, JsonNode policy)
    {
        const string symbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";
        return password.Length >= (int)policy["MinimumLength"]!
            && (!(bool)policy["RequireLowercase"]! || password.Any(char.IsAsciiLetterLower))
            && (!(bool)policy["RequireUppercase"]! || password.Any(char.IsAsciiLetterUpper))
            && (!(bool)policy["RequireNumbers"]! || password.Any(char.IsAsciiDigit))
            && (!(bool)policy["RequireSymbols"]! || password.Any(symbols.Contains));
    }
}
