using Amazon.DynamoDBv2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Adapters.DynamoDb;
using Shop.Adapters.Payments;
using Shop.Core;
using Shop.Core.Checkout;
using Shop.Core.Payments;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.SecretsManager;

namespace Shop.Adapters.Configuration;

public static class PaymentRegistration
{
    /// <summary>
    /// The payment provider behind <see cref="IPaymentGateway"/> and <see cref="IPaymentWebhookReader"/>,
    /// chosen by <c>SHOP_PAYMENT_PROVIDER</c>: the sandbox (the table, a local webhook secret; also
    /// registered as <see cref="SandboxPaymentGateway"/> for the local 3-D Secure return and transfer
    /// simulations) or Stripe (keys from the secret <c>SHOP_PAYMENT_SECRET_ARN</c>). The provider
    /// setting is read here, at start; Stripe's keys are fetched once, when either service is first
    /// resolved (the function's init), and a rolled secret is picked up by new instances.
    /// </summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, ShopSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        var payments = settings.Payments;
        if (payments.Provider == ShopNames.PaymentProviders.Sandbox)
        {
            var webhookSecret = payments.SandboxWebhookSecret!;
            services.AddSingleton(provider => new SandboxPaymentGateway(
                provider.GetRequiredService<IAmazonDynamoDB>(), new TableName(settings.TableName), webhookSecret, provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IPaymentGateway>(provider => provider.GetRequiredService<SandboxPaymentGateway>());
            services.AddSingleton<IPaymentWebhookReader>(_ => new SandboxPaymentWebhookReader(webhookSecret));
            services.AddSingleton<IPaymentActionReturn, SandboxPaymentActionReturn>();
            return services;
        }
        var secretArn = payments.SecretArn!;
        services.TryAddSingleton(provider => new SecretsManagerClient(
            provider.GetRequiredService<HttpClient>(),
            SecretsManagerClient.ResolveEndpoint(settings.Region, settings.Environment),
            settings.Region,
            provider.GetRequiredService<IAwsCredentialsProvider>()));
        // Resolved during init; the reader's Read is synchronous, so the keys must be at hand before the first webhook.
        services.AddSingleton(provider => Task.Run(() => StripeKeys.ReadAsync(provider.GetRequiredService<SecretsManagerClient>(), secretArn, CancellationToken.None))
            .GetAwaiter().GetResult());
        services.AddSingleton<IPaymentGateway>(provider => new StripePaymentGateway(provider.GetRequiredService<HttpClient>(), provider.GetRequiredService<StripeKeys>().ApiKey));
        services.AddSingleton<IPaymentWebhookReader>(provider => new StripeWebhookReader(provider.GetRequiredService<StripeKeys>().WebhookSecret));
        services.AddSingleton<IPaymentActionReturn, ProviderPaymentActionReturn>();
        return services;
    }
}
