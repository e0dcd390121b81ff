using System.Text.Json;
using Shop.Lambda.AspNetCore;
using Shop.Lambda.Events;
using Shop.Lambda.Tests.Support;

namespace Shop.Lambda.Tests.AspNetCore;

public sealed class CorrelationIdsTests : IClassFixture<HostPair>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly HostPair _hosts;

    public CorrelationIdsTests(HostPair hosts) => _hosts = hosts;

    private static string Header(HttpOutcome outcome) =>
        outcome.Headers.Split('\n').Single(line => line.StartsWith(CorrelationIds.HeaderName + ": ", StringComparison.Ordinal))
            [(CorrelationIds.HeaderName.Length + 2)..];

    [Theory]
    [InlineData("kestrel")]
    [InlineData("bridge")]
    public async Task EchoesCallersIdAndLogsWithIt_WhenHeaderSent(string host)
    {
        var call = new HttpCall("GET", "/correlation", [("X-Correlation-Id", "checkout-7f3c2a9e")]);

        var outcome = await _hosts[host].SendAsync(call);

        Assert.Equal("checkout-7f3c2a9e", Header(outcome));
        Assert.Equal("checkout-7f3c2a9e", JsonSerializer.Deserialize<CorrelationReply>(outcome.Body, Web)!.CorrelationId);
    }

    [Theory]
    [InlineData("kestrel", "")]
    [InlineData("bridge", "")]
    [InlineData("kestrel", "has space")]
    [InlineData("bridge", "has space")]
    [InlineData("kestrel", "x-129-chars")]
    [InlineData("bridge", "x-129-chars")]
    public async Task UsesRequestsOwnId_WhenHeaderMissingOrUnusable(string host, string sent)
    {
        var value = sent == "x-129-chars" ? new string('x', 129) : sent;
        var call = new HttpCall("GET", "/whoami", value.Length > 0 ? [("x-correlation-id", value)] : []);

        var outcome = await _hosts[host].SendAsync(call);

        var who = JsonSerializer.Deserialize<WhoAmIReply>(outcome.Body, Web)!;
        Assert.False(string.IsNullOrEmpty(who.TraceIdentifier));
        Assert.Equal(who.TraceIdentifier, Header(outcome));
    }

    [Fact]
    public async Task UsesApiGatewayRequestId_WhenEventHasNoCorrelationHeader()
    {
        var response = await _hosts.Bridge.InvokeFileAsync("health-get-apigw.json");

        Assert.Equal("YxPq3jKoIAMEbQw=", response.Headers!.Single(h => h.Key.Equals(CorrelationIds.HeaderName, StringComparison.OrdinalIgnoreCase)).Value);
    }

    [Fact]
    public async Task EchoesEventsCorrelationHeader_WhenEventCarriesOne()
    {
        var response = await _hosts.Bridge.InvokeFileAsync("categories-list-apigw.json");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("web-5f2c81d04b9e4e7a", response.Headers!.Single(h => h.Key.Equals(CorrelationIds.HeaderName, StringComparison.OrdinalIgnoreCase)).Value);
    }

    [Fact]
    public async Task KeepsCorrelationIdsApart_WhenRequestsRunConcurrently()
    {
        var ids = Enumerable.Range(0, 32).Select(i => $"concurrent-{i}").ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = ids.Select(id => Task.Run(async () =>
        {
            await go.Task;
            var request = ApiGateway.ToEvent(new HttpCall("GET", "/correlation", [("x-correlation-id", id)]));
            var response = await _hosts.Bridge.InvokeAsync(request);
            return (Sent: id, Header: response.Headers!.Single(h => h.Key.Equals(CorrelationIds.HeaderName, StringComparison.OrdinalIgnoreCase)).Value,
                Logged: JsonSerializer.Deserialize<CorrelationReply>(response.Body!, Web)!.CorrelationId);
        })).ToList();

        go.SetResult();
        var replies = await Task.WhenAll(calls);

        Assert.All(replies, r =>
        {
            Assert.Equal(r.Sent, r.Header);
            Assert.Equal(r.Sent, r.Logged);
        });
    }
}
