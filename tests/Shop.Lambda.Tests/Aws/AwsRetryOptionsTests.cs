using Shop.Lambda.Aws;

namespace Shop.Lambda.Tests.Aws;

public sealed class AwsRetryOptionsTests
{
    private static readonly AwsRetryOptions Options = new() { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) };

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(5, 1600)]
    public void StaysWithinDoublingCap_WhenComputingDelayBeforeRetry(int retry, int capMilliseconds)
    {
        var delays = Enumerable.Range(0, 500).Select(_ => Options.DelayBefore(retry)).ToList();

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromMilliseconds(capMilliseconds)));
        Assert.Contains(delays, delay => delay > TimeSpan.FromMilliseconds(capMilliseconds / 2.0));
    }

    [Fact]
    public void NeverExceedsMaxDelay_WhenRetryNumberIsLarge()
    {
        var delays = Enumerable.Range(0, 500).Select(_ => Options.DelayBefore(60));

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, Options.MaxDelay));
    }
}
