using Microsoft.Extensions.DependencyInjection;
using Shop.Adapters.Configuration;
using Shop.Adapters.Payments;
using Shop.Core;
using Shop.Core.Payments;
using Shop.Integration.Tests.Support;
using Shop.Lambda.Aws;
using Shop.Lambda.Aws.SecretsManager;
using Shop.Local;

namespace Shop.Integration.Tests.Payments;

/// <summary>The provider chosen by settings, as a function's init wires it; Stripe's keys read from moto's Secrets Manager.</summary>
[Collection(MotoCollection.Name)]
public sealed class PaymentRegistrationTests(MotoFixture moto)
{
    private Dictionary<string, string> Environment(params (string Name, string Value)[] settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_REGION"] = MotoFixture.Region,
            ["AWS_ACCESS_KEY_ID"] = LocalAws.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = LocalAws.SecretAccessKey,
            [AwsEndpoints.GlobalVariable] = moto.Endpoint.ToString(),
            [ShopNames.Settings.TableName] = "shop-table",
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }
        return environment;
    }

    private static ServiceProvider Provider(Dictionary<string, string> environment)
    {
        var settings = new ShopSettings(name => environment.GetValueOrDefault(name));
        return new ServiceCollection().AddAwsPlatform(settings).AddPayments(settings).BuildServiceProvider();
    }

    [Fact]
    public void ServesTheSandbox_WhenTheProviderIsSandbox()
    {
        using var provider = Provider(Environment(
            (ShopNames.Settings.PaymentProvider, ShopNames.PaymentProviders.Sandbox),
            (ShopNames.Settings.PaymentSandboxWebhookSecret, "local-secret")));

        Assert.IsType<SandboxPaymentGateway>(provider.GetRequiredService<IPaymentGateway>());
        Assert.Same(provider.GetRequiredService<SandboxPaymentGateway>(), provider.GetRequiredService<IPaymentGateway>());
        Assert.IsType<SandboxPaymentWebhookReader>(provider.GetRequiredService<IPaymentWebhookReader>());
    }

    [Fact]
    public async Task ServesStripeWithTheKeysFromTheSecret_WhenTheProviderIsStripe()
    {
        using var http = new HttpClient();
        var secrets = new SecretsManagerClient(http, moto.Endpoint, MotoFixture.Region, new StaticCredentialsProvider(MotoFixture.Credentials));
        var secret = await secrets.CreateSecretAsync(new CreateSecretRequest(
            "shop/payments-" + Guid.NewGuid().ToString("N")[..8],
            SecretString: """{"apiKey":"sk_test_registration","webhookSecret":"whsec_registration"}"""), CancellationToken.None);

        using var provider = Provider(Environment(
            (ShopNames.Settings.PaymentProvider, ShopNames.PaymentProviders.Stripe),
            (ShopNames.Settings.PaymentSecretArn, secret.Arn)));

        Assert.IsType<StripePaymentGateway>(provider.GetRequiredService<IPaymentGateway>());
        Assert.Equal(new StripeKeys("sk_test_registration", "whsec_registration"), provider.GetRequiredService<StripeKeys>());
        var body = "{}"u8.ToArray();
        var now = DateTimeOffset.UtcNow;
        // The reader checks signatures with the secret's webhook key: the signature passes, then the empty event is refused as such.
        Assert.Throws<FormatException>(() => provider.GetRequiredService<IPaymentWebhookReader>().Read(
            body, new Dictionary<string, string> { ["Stripe-Signature"] = WebhookSignature.Sign("whsec_registration", now, body) }, now));
    }

    [Theory]
    [InlineData(ShopNames.PaymentProviders.Sandbox, ShopNames.Settings.PaymentSandboxWebhookSecret)]
    [InlineData(ShopNames.PaymentProviders.Stripe, ShopNames.Settings.PaymentSecretArn)]
    public void FailsNamingTheSetting_WhenTheProvidersSettingIsMissing(string providerName, string missing)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Provider(Environment((ShopNames.Settings.PaymentProvider, providerName))));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void FailsNamingTheSetting_WhenTheProviderIsUnknown()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Provider(Environment((ShopNames.Settings.PaymentProvider, "paypal"))));

        Assert.Contains(ShopNames.Settings.PaymentProvider, error.Message);
    }

    [Fact]
    public void NeverPrintsTheKeys_WhenTheyAreLogged() =>
        Assert.DoesNotContain("sk_", new StripeKeys("sk_test_x", "whsec_x").ToString());
}
