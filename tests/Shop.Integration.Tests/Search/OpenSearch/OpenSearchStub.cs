using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shop.Adapters.Search.OpenSearch;
using Shop.Core.Search;
using Shop.Lambda.Aws;

namespace Shop.Integration.Tests.Search.OpenSearch;

/// <summary>
/// An <see cref="OpenSearchProductIndex"/> whose HTTP goes to a recording stub answering with
/// canned responses in the documented shapes (the JSON files beside this one), in order.
/// </summary>
internal sealed class OpenSearchStub : IDisposable
{
    public const string Region = "eu-west-1";
    public static readonly Uri Endpoint = new("https://search-shop-test.eu-west-1.es.amazonaws.com");
    public static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token");

    private readonly HttpClient _http;

    public OpenSearchStub(string indexName = ProductIndexDefinition.IndexName, int maxAttempts = 1)
    {
        _http = new HttpClient(Handler);
        Index = new OpenSearchProductIndex(
            _http,
            Endpoint,
            Region,
            new StaticCredentialsProvider(Credentials),
            indexName,
            new AwsRetryOptions { MaxAttempts = maxAttempts, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero },
            new FixedTime(Now));
    }

    public RecordingHandler Handler { get; } = new();

    public OpenSearchProductIndex Index { get; }

    public RecordedRequest Request => Assert.Single(Handler.Requests);

    /// <summary>Queues the answer to the next request: a fixture file's content with a status.</summary>
    public OpenSearchStub Answer(string fixture, HttpStatusCode status = HttpStatusCode.OK)
    {
        Handler.Answers.Enqueue((status, Fixture(fixture)));
        return this;
    }

    public OpenSearchStub AnswerText(string body, HttpStatusCode status)
    {
        Handler.Answers.Enqueue((status, body));
        return this;
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Search", "OpenSearch", name));

    public void Dispose() => _http.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

internal sealed class RecordingHandler : HttpMessageHandler
{
    public Queue<(HttpStatusCode Status, string Body)> Answers { get; } = new();

    public List<RecordedRequest> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.TryGetValues("Authorization", out var authorization) ? authorization.Single() : null,
            request.Headers.TryGetValues("X-Amz-Security-Token", out var token) ? token.Single() : null,
            request.Content?.Headers.ContentType?.MediaType,
            body));
        if (!Answers.TryDequeue(out var answer))
        {
            throw new InvalidOperationException($"No answer queued for {request.Method} {request.RequestUri}.");
        }
        return new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Body, Encoding.UTF8, "application/json") };
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? SecurityToken, string? ContentType, string? Body)
{
    /// <summary>The path as it went on the wire, still percent-encoded.</summary>
    public string Path => Uri.AbsolutePath;

    public string Query => Uri.Query;

    public JsonNode Json => JsonNode.Parse(Body ?? throw new InvalidOperationException("The request had no body."))!;
}

internal static class SampleDocuments
{
    public static ProductDocument Lamp(string id = "p-1", long version = 7) => new(
        id,
        version,
        "Lumen Desk Lamp",
        "Lumen",
        "An adjustable LED desk lamp.",
        "c-lamps",
        ["Home", "Lighting", "Lamps"],
        new Dictionary<string, string> { ["material"] = "brass", ["power"] = "40 W" },
        1999,
        2499,
        "EUR",
        2.5,
        12,
        true,
        "s-1",
        new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567),
        "products/p-1/i-1.jpg");
}
