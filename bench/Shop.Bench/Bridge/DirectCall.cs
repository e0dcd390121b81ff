using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Shop.Lambda.Events;

namespace Shop.Bench.Bridge;

/// <summary>The request of a payload 2.0 event as a server that parsed it off a socket would hold it.</summary>
internal sealed record PlainRequest(string Method, string Scheme, string Path, string QueryString, string Protocol,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string TraceIdentifier)
{
    public static PlainRequest From(HttpApiRequest input)
    {
        var headers = input.Headers ?? new Dictionary<string, string>();
        return new PlainRequest(
            input.RequestContext?.Http?.Method ?? HttpMethods.Get,
            headers.GetValueOrDefault("x-forwarded-proto", "https"),
            input.RawPath ?? "/",
            input.RawQueryString.Length == 0 ? "" : "?" + input.RawQueryString,
            input.RequestContext?.Http?.Protocol ?? "HTTP/1.1",
            [.. headers],
            input.RequestContext?.RequestId ?? "bench");
    }

    /// <summary>A new feature per request, headers included: a server builds them per request too.</summary>
    public HttpRequestFeature ToFeature()
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in Headers)
        {
            headers[name] = value;
        }
        return new HttpRequestFeature
        {
            Method = Method,
            Scheme = Scheme,
            Path = Path,
            PathBase = "",
            QueryString = QueryString,
            RawTarget = Path + QueryString,
            Protocol = Protocol,
            Headers = headers,
            Body = Stream.Null,
        };
    }
}

internal interface IDirectCall
{
    Task<MemoryResponse> SendAsync(PlainRequest request);
}

/// <summary>
/// A request straight into the app's pipeline (IHttpApplication: hosting, middleware, routing,
/// endpoint), with the features any in-memory server must supply and nothing the bridge adds:
/// no event JSON, no mapping of headers, cookies or path, no payload 2.0 response.
/// </summary>
internal sealed class DirectCall<TContext>(IHttpApplication<TContext> application) : IDirectCall
    where TContext : notnull
{
    public async Task<MemoryResponse> SendAsync(PlainRequest request)
    {
        var response = new MemoryResponse();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request.ToFeature());
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature { TraceIdentifier = request.TraceIdentifier });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature());

        var context = application.CreateContext(features);
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context);
            await response.CompleteAsync();
        }
        catch (Exception error)
        {
            failure = error;
            throw;
        }
        finally
        {
            application.DisposeContext(context, failure);
        }
        return response;
    }
}
