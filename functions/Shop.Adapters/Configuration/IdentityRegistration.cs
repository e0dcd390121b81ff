using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Identity;
using Shop.Core.Identity;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.Cognito;

namespace Shop.Adapters.Configuration;

public static class IdentityRegistration
{
    /// <summary>The user pool, users' profiles in the table, and the identity use cases.</summary>
    public static IServiceCollection AddIdentity(this IServiceCollection services, ShopSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new UserPool(settings.UserPoolId, settings.UserPoolClientId, settings.Region));
        services.AddSingleton(provider => new CognitoIdentityProviderClient(
            provider.GetRequiredService<HttpClient>(),
            CognitoIdentityProviderClient.ResolveEndpoint(settings.Region, settings.Environment),
            settings.Region,
            provider.GetRequiredService<IAwsCredentialsProvider>()));
        services.AddSingleton<IIdentityProvider, CognitoIdentityProvider>();
        services.AddSingleton<IUserStore, DynamoDbUserStore>();
        services.AddSingleton<RegisterMember>();
        services.AddSingleton<SignIn>();
        services.AddSingleton<RefreshSession>();
        services.AddSingleton<GetMyProfile>();
        services.AddSingleton<UpdateMyProfile>();
        services.AddSingleton<ManageAddresses>();
        services.AddSingleton<ApplyToSell>();
        services.AddSingleton<DecideSellerApplication>();
        services.AddSingleton<ChangeUserStatus>();
        return services;
    }
}
