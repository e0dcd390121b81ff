using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.AspNetCore;

/// <summary>Path decoding is checked against Kestrel itself: whatever it makes of a raw target, the bridge must make too.</summary>
public sealed class RequestPathTests : IClassFixture<HostPair>
{
    private readonly HostPair _hosts;

    public RequestPathTests(HostPair hosts) => _hosts = hosts;

    [Theory]
    [InlineData("/echo/caf%C3%A9")]
    [InlineData("/echo/a%20b+c")]
    [InlineData("/echo/x%2Fy/x%2fy")]
    [InlineData("/echo/a/./b/../c")]
    [InlineData("/echo/a/b/..")]
    [InlineData("/echo/a/b/.")]
    [InlineData("/echo/a/%2E%2E/b")]
    [InlineData("/echo/a/.../b")]
    [InlineData("/echo//double//slash")]
    [InlineData("/echo/bad%E0%A4%A")]
    [InlineData("/echo/bad%C3")]
    [InlineData("/echo/%7Euser%3Bv%3D1")]
    [InlineData("/echo/%E2%9C%93%F0%9F%9B%92")]
    public async Task DecodesPathLikeKestrel_WhenRawPathHasEscapesOrDotSegments(string target)
    {
        var call = new HttpCall("GET", target);

        var kestrel = await _hosts.Kestrel.SendAsync(call);
        var bridge = await _hosts.Bridge.SendAsync(call);

        Assert.Equal(kestrel.Status, bridge.Status);
        Assert.Equal(kestrel.BodyText, bridge.BodyText);
    }
}
