using System.Net;
using System.Text;
using Shop.Adapters.Payments;

namespace Shop.Integration.Tests.Payments;

/// <summary>
/// A <see cref="StripePaymentGateway"/> whose HTTP goes to a recording stub standing in for
/// api.stripe.com (which tests cannot reach), answering in order with the documented objects and
/// errors in Stripe/ beside this file.
/// </summary>
internal sealed class StripeStub : HttpMessageHandler
{
    public const string ApiKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

    private readonly HttpClient _http;
    private readonly Queue<Func<HttpResponseMessage>> _answers = new();

    public StripeStub()
    {
        _http = new HttpClient(this);
        Gateway = new StripePaymentGateway(_http, ApiKey);
    }

    public StripePaymentGateway Gateway { get; }

    public List<StripeRequest> Requests { get; } = [];

    public StripeRequest Request => Assert.Single(Requests);

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payments", "Stripe", name));

    public StripeStub Answer(string fixture, HttpStatusCode status = HttpStatusCode.OK, bool? shouldRetry = null)
    {
        _answers.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(Fixture(fixture), Encoding.UTF8, "application/json") };
            if (shouldRetry is { } retry)
            {
                response.Headers.Add("Stripe-Should-Retry", retry ? "true" : "false");
            }
            return response;
        });
        return this;
    }

    public StripeStub Fail(Exception error)
    {
        _answers.Enqueue(() => throw error);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new StripeRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            Header(request, "Idempotency-Key"),
            Header(request, "Stripe-Version"),
            request.Content?.Headers.ContentType?.MediaType,
            body));
        return _answers.TryDequeue(out var answer)
            ? answer()
            : throw new InvalidOperationException($"No answer queued for {request.Method} {request.RequestUri}.");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _http.Dispose();
        }
        base.Dispose(disposing);
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}

internal sealed record StripeRequest(
    HttpMethod Method, Uri Uri, string? Authorization, string? IdempotencyKey, string? StripeVersion, string? ContentType, string? Body)
{
    /// <summary>The form fields in the order sent, decoded.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form => (Body ?? "")
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .Select(parts => KeyValuePair.Create(Decode(parts[0]), Decode(parts.Length > 1 ? parts[1] : "")))
        .ToList();

    public string Field(string name) => Assert.Single(Form, field => field.Key == name).Value;

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
