using Shop.Adapters.Search.OpenSearch;
using Shop.Lambda.Aws;

namespace Shop.Integration.Tests.Search;

/// <summary>
/// The OpenSearch adapter against the conformance suite, on the domain <c>OPENSEARCH_URL</c> names
/// (signed with the AWS credentials and region in the environment), in an index of its own.
/// `./shop test` runs these only when OPENSEARCH_URL is set; without it they fail, saying so.
/// </summary>
[Trait("Engine", "OpenSearch")]
public sealed class OpenSearchProductIndexTests(OpenSearchProductIndexTests.Domain domain)
    : ProductIndexConformance(domain.Index), IClassFixture<OpenSearchProductIndexTests.Domain>
{
    public sealed class Domain : IDisposable
    {
        private readonly HttpClient _http = new();

        public Domain()
        {
            var url = Environment.GetEnvironmentVariable("OPENSEARCH_URL")
                ?? throw new InvalidOperationException("OPENSEARCH_URL is not set: these tests need an OpenSearch domain.");
            var region = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1";
            Index = new OpenSearchProductIndex(_http, new Uri(url), region,
                new EnvironmentCredentialsProvider(Environment.GetEnvironmentVariable), $"products-conformance-{Guid.NewGuid():N}"[..32]);
        }

        public OpenSearchProductIndex Index { get; }

        public void Dispose() => _http.Dispose();
    }
}
