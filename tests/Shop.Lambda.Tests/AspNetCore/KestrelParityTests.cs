using System.Text;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.AspNetCore;

/// <summary>
/// The same app answers the same requests the same way on Kestrel (a real loopback socket) and
/// through the bridge (as API Gateway would deliver them): status, headers, cookies and body.
/// </summary>
public sealed class KestrelParityTests : IClassFixture<HostPair>
{
    private const string Correlation = "parity-3d9f2c";
    private readonly HostPair _hosts;

    public KestrelParityTests(HostPair hosts) => _hosts = hosts;

    public static TheoryData<string> Calls => new(Catalog.Keys);

    private static readonly Dictionary<string, HttpCall> Catalog = new()
    {
        ["echo get, encoded path, repeated query keys, list header, cookies"] = new HttpCall(
            "GET", "/echo/caf%C3%A9/a%20b/x%2Fy?tag=red&tag=blue&q=x%26y&empty=",
            [("x-multi", "one, two")], ["session=s%3A8fK2", "theme=dark"]),
        ["echo post, binary body"] = new HttpCall(
            "POST", "/echo/upload", Body: [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF], ContentType: "application/octet-stream"),
        ["echo put, json body"] = new HttpCall(
            "PUT", "/echo/carts/c-1/items/SKU-1", Body: Encoding.UTF8.GetBytes("{\"quantity\":2}"), ContentType: "application/json"),
        ["echo delete, dot segments"] = new HttpCall("DELETE", "/echo/a/./b/../c"),
        ["status 201"] = new HttpCall("GET", "/status/201"),
        ["status 409"] = new HttpCall("GET", "/status/409"),
        ["no route"] = new HttpCall("GET", "/nowhere"),
        ["wrong method"] = new HttpCall("POST", "/health"),
        ["set-cookie twice"] = new HttpCall("GET", "/cookies"),
        ["repeated response header"] = new HttpCall("GET", "/multi-header"),
        ["binary"] = new HttpCall("GET", "/binary"),
        ["text"] = new HttpCall("GET", "/text"),
        ["json"] = new HttpCall("GET", "/json"),
        ["problem"] = new HttpCall("GET", "/problem"),
        ["gzip"] = new HttpCall("GET", "/gzip"),
        ["head"] = new HttpCall("HEAD", "/text"),
        ["exception"] = new HttpCall("GET", "/boom"),
        ["callbacks"] = new HttpCall("GET", "/callbacks"),
        ["encoded nul"] = new HttpCall("GET", "/echo/a%00b"),
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task AnswersAlike_WhenSameRequestSentToKestrelAndBridge(string name)
    {
        var call = Catalog[name] with { Headers = [.. Catalog[name].Headers ?? [], ("x-correlation-id", Correlation)] };

        var kestrel = await _hosts.Kestrel.SendAsync(call);
        var bridge = await _hosts.Bridge.SendAsync(call);

        Assert.Equal(kestrel.Status, bridge.Status);
        Assert.Equal(kestrel.Headers, bridge.Headers);
        Assert.Equal(kestrel.Cookies, bridge.Cookies);
        Assert.Equal(kestrel.Body, bridge.Body);
    }
}
