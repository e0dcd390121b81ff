using System.Net;
using Shop.Lambda.Aws;

namespace Shop.Integration.Tests.Search.OpenSearch;

public sealed class OpenSearchMaintenanceTests : IDisposable
{
    private readonly OpenSearchStub _stub = new();

    public void Dispose() => _stub.Dispose();

    [Fact]
    public async Task DeletesTheIndexAndCreatesItAgain_WhenClearing()
    {
        _stub.Answer("index-deleted.json").Answer("template-acknowledged.json").Answer("index-created.json");

        await _stub.Index.ClearAsync(CancellationToken.None);

        Assert.Equal(
            ["DELETE /products", "PUT /_index_template/shop-products", "PUT /products"],
            _stub.Handler.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.NotNull(_stub.Handler.Requests[2].Json["mappings"]);
    }

    [Fact]
    public async Task CreatesTheIndex_WhenClearingOneThatDoesNotExist()
    {
        _stub.Answer("error-index-not-found.json", HttpStatusCode.NotFound).Answer("template-acknowledged.json").Answer("index-created.json");

        await _stub.Index.ClearAsync(CancellationToken.None);

        Assert.Equal(3, _stub.Handler.Requests.Count);
    }

    [Fact]
    public async Task Succeeds_WhenAWriteRecreatedTheIndexFirst()
    {
        _stub.Answer("index-deleted.json").Answer("template-acknowledged.json").Answer("error-index-exists.json", HttpStatusCode.BadRequest);

        await _stub.Index.ClearAsync(CancellationToken.None);

        Assert.Equal(3, _stub.Handler.Requests.Count);
    }

    [Fact]
    public async Task Throws_WhenTheIndexCannotBeDeleted()
    {
        _stub.AnswerText("""{"error":{"root_cause":[],"type":"security_exception","reason":"no permissions for [indices:admin/delete]"},"status":403}""", HttpStatusCode.Forbidden);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _stub.Index.ClearAsync(CancellationToken.None));

        Assert.Equal("security_exception", error.ErrorCode);
        Assert.Single(_stub.Handler.Requests);
    }

    [Fact]
    public async Task PostsRefreshToTheIndex_WhenRefreshing()
    {
        _stub.Answer("refreshed.json");

        await _stub.Index.RefreshAsync(CancellationToken.None);

        Assert.Equal((HttpMethod.Post, "/products/_refresh"), (_stub.Request.Method, _stub.Request.Path));
    }

    [Fact]
    public async Task GetsTheClusterRoot_WhenPinging()
    {
        _stub.Answer("cluster-info.json");

        await _stub.Index.PingAsync(CancellationToken.None);

        Assert.Equal((HttpMethod.Get, "/"), (_stub.Request.Method, _stub.Request.Path));
    }

    [Fact]
    public async Task Throws_WhenPingIsRefused()
    {
        _stub.AnswerText("""{"Message":"User: anonymous is not authorized to perform: es:ESHttpGet"}""", HttpStatusCode.Forbidden);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _stub.Index.PingAsync(CancellationToken.None));

        Assert.Equal(("Http403", "User: anonymous is not authorized to perform: es:ESHttpGet"), (error.ErrorCode, error.Message));
    }
}
