using System.Text;
using Shop.Adapters.Payments;
using Shop.Core.Payments;

namespace Shop.Integration.Tests.Payments;

/// <summary>Stripe's signature scheme, against a vector computed outside .NET (openssl dgst -sha256 -hmac).</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_secret";
    private const string Expected = "d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_test_webhook","object":"event"}""");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1700000000);
    private static readonly TimeSpan Tolerance = WebhookSignature.DefaultTolerance;

    [Fact]
    public void MatchesTheComputedVector_WhenSigning() =>
        Assert.Equal($"t=1700000000,v1={Expected}", WebhookSignature.Sign(Secret, SignedAt, Body));

    [Fact]
    public void Accepts_WhenTheVectorsSignatureIsVerifiedWithinTolerance() =>
        WebhookSignature.Verify($"t=1700000000,v1={Expected}", Secret, Body, SignedAt.AddSeconds(299), Tolerance);

    [Fact]
    public void Accepts_WhenAnyOfSeveralV1SignaturesMatches() =>
        WebhookSignature.Verify($"t=1700000000,v1={new string('0', 64)},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39,v1={Expected}",
            Secret, Body, SignedAt, Tolerance);

    [Fact]
    public void Refuses_WhenTheBodyWasTamperedWith()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"id":"evt_test_webhook","object":"event","x":1}""");

        Assert.Throws<InvalidWebhookSignatureException>(() =>
            WebhookSignature.Verify($"t=1700000000,v1={Expected}", Secret, tampered, SignedAt, Tolerance));
    }

    [Fact]
    public void Refuses_WhenTheTimestampWasChanged() =>
        Assert.Throws<InvalidWebhookSignatureException>(() =>
            WebhookSignature.Verify($"t=1700000001,v1={Expected}", Secret, Body, SignedAt, Tolerance));

    [Fact]
    public void Refuses_WhenSignedWithAnotherSecret() =>
        Assert.Throws<InvalidWebhookSignatureException>(() =>
            WebhookSignature.Verify(WebhookSignature.Sign("whsec_other", SignedAt, Body), Secret, Body, SignedAt, Tolerance));

    [Fact]
    public void Refuses_WhenTheSignatureIsOlderThanTheTolerance()
    {
        var error = Assert.Throws<InvalidWebhookSignatureException>(() =>
            WebhookSignature.Verify($"t=1700000000,v1={Expected}", Secret, Body, SignedAt.AddSeconds(301), Tolerance));

        Assert.Contains("tolerance", error.Message);
    }

    [Fact]
    public void Refuses_WhenTheTimestampIsFurtherAheadThanTheTolerance() =>
        Assert.Throws<InvalidWebhookSignatureException>(() =>
            WebhookSignature.Verify($"t=1700000000,v1={Expected}", Secret, Body, SignedAt.AddSeconds(-301), Tolerance));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=" + Expected)]
    [InlineData("t=1700000000")]
    [InlineData("t=1700000000,v0=" + Expected)]
    [InlineData("t=1700000000,v1=not-hex")]
    [InlineData("t=abc,v1=" + Expected)]
    public void Refuses_WhenTheHeaderIsMissingOrMalformed(string? header) =>
        Assert.Throws<InvalidWebhookSignatureException>(() => WebhookSignature.Verify(header, Secret, Body, SignedAt, Tolerance));

    [Fact]
    public void FindsTheHeader_WhenItsNameArrivesInAnotherCase() =>
        Assert.Equal("x", WebhookSignature.Header(new Dictionary<string, string> { ["stripe-signature"] = "x" }, "Stripe-Signature"));
}
