using System.Net;
using Shop.Core.Search;
using Shop.Lambda.Aws;

namespace Shop.Integration.Tests.Search.OpenSearch;

public sealed class OpenSearchErrorTests
{
    private static readonly SearchQuery Lamp = new("lamp", SearchFilters.None, SearchSort.Relevance, 10);

    [Fact]
    public async Task ThrowsWithTheOpenSearchErrorType_WhenASearchFails()
    {
        using var stub = new OpenSearchStub().Answer("error-search-phase.json", HttpStatusCode.BadRequest);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => stub.Index.SearchAsync(Lamp, CancellationToken.None));

        Assert.Equal("search_phase_execution_exception", error.ErrorCode);
        Assert.Equal("all shards failed", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal("OpenSearch POST /products/_search", error.Operation);
    }

    [Fact]
    public async Task KeepsTheProxysWords_WhenTheAnswerIsNotJson()
    {
        using var stub = new OpenSearchStub().AnswerText("<html>502 Bad Gateway</html>", HttpStatusCode.BadGateway);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => stub.Index.SearchAsync(Lamp, CancellationToken.None));

        Assert.Equal(("Http502", "<html>502 Bad Gateway</html>"), (error.ErrorCode, error.Message));
    }

    [Fact]
    public async Task TriesAgain_WhenThrottledOrUnavailable()
    {
        using var stub = new OpenSearchStub(maxAttempts: 3)
            .AnswerText("""{"error":{"type":"too_many_requests","reason":"slow down"},"status":429}""", HttpStatusCode.TooManyRequests)
            .AnswerText("", HttpStatusCode.ServiceUnavailable)
            .Answer("search-relevance.json");

        var results = await stub.Index.SearchAsync(Lamp, CancellationToken.None);

        Assert.Equal(1, results.Total);
        Assert.Equal(3, stub.Handler.Requests.Count);
    }

    [Fact]
    public async Task GivesUpAfterTheLastAttempt_WhenStillUnavailable()
    {
        using var stub = new OpenSearchStub(maxAttempts: 2)
            .AnswerText("", HttpStatusCode.ServiceUnavailable)
            .AnswerText("", HttpStatusCode.ServiceUnavailable);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => stub.Index.SearchAsync(Lamp, CancellationToken.None));

        Assert.Equal(("Http503", true), (error.ErrorCode, error.IsTransient));
        Assert.Equal(2, stub.Handler.Requests.Count);
    }

    [Fact]
    public async Task DoesNotTryAgain_WhenTheRequestIsRefused()
    {
        using var stub = new OpenSearchStub(maxAttempts: 3).Answer("error-search-phase.json", HttpStatusCode.BadRequest);

        await Assert.ThrowsAsync<AwsServiceException>(() => stub.Index.SearchAsync(Lamp, CancellationToken.None));

        Assert.Single(stub.Handler.Requests);
    }
}
