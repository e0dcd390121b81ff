using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Shop.Lambda.Events;
using Shop.Lambda.Runtime;

namespace Shop.Lambda.AspNetCore;

public static class HttpApiBridge
{
    /// <summary>
    /// A Lambda handler that runs each payload 2.0 event through <paramref name="application"/>'s
    /// pipeline in memory and answers with the payload 2.0 response.
    /// </summary>
    public static ILambdaHandler Create<TContext>(IHttpApplication<TContext> application, ILogger log)
        where TContext : notnull =>
        new HttpApiBridge<TContext>(application, log);
}

internal sealed class HttpApiBridge<TContext> : JsonLambdaHandler<HttpApiRequest, HttpApiResponse>
    where TContext : notnull
{
    private readonly IHttpApplication<TContext> _application;
    private readonly ILogger _log;

    public HttpApiBridge(IHttpApplication<TContext> application, ILogger log)
        : base(LambdaEventsJsonContext.Default.HttpApiRequest, LambdaEventsJsonContext.Default.HttpApiResponse)
    {
        _application = application;
        _log = log;
    }

    protected override async Task<HttpApiResponse> HandleAsync(HttpApiRequest input, LambdaContext context, CancellationToken cancellationToken)
    {
        HttpRequestFeature request;
        try
        {
            request = HttpApiRequestMapper.ToRequestFeature(input);
        }
        catch (BadHttpRequestException rejected)
        {
            // What Kestrel would refuse before the app sees it gets Kestrel's bare status.
            _log.LogInformation("Rejected a request the app never saw: {Reason}", rejected.Message);
            return new HttpApiResponse { StatusCode = rejected.StatusCode };
        }

        var response = new BufferedResponse();
        var features = Features(input, context, request, response, cancellationToken);
        var httpContext = _application.CreateContext(features);
        Exception? failure = null;
        try
        {
            await _application.ProcessRequestAsync(httpContext);
            await response.CompleteAsync();
        }
        catch (Exception error)
        {
            failure = error;
            _log.LogError(error, "An unhandled exception was thrown by the application: {Reason}", error.Message);
            response.ResetToServerError();
        }

        // Lambda may freeze the process as soon as the response is posted, so work meant to run
        // after the response runs just before it is handed over.
        await response.FireOnCompletedAsync(_log);
        var result = HttpApiResponseMapper.ToHttpApiResponse(
            response.StatusCode, response.Headers, response.Written, suppressBody: HttpMethods.IsHead(request.Method));
        _application.DisposeContext(httpContext, failure);
        return result;
    }

    private static FeatureCollection Features(
        HttpApiRequest input, LambdaContext context, HttpRequestFeature request, BufferedResponse response, CancellationToken aborted)
    {
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(request.Body.Length > 0));
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature
        {
            TraceIdentifier = input.RequestContext?.RequestId ?? context.RequestId,
        });
        features.Set<IHttpConnectionFeature>(HttpApiRequestMapper.ToConnectionFeature(input));
        // The invocation's deadline is the only "client went away" signal Lambda gives.
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = aborted });
        features.Set<IHttpApiRequestFeature>(new HttpApiRequestFeature(input, context));
        return features;
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }
}
