using Microsoft.AspNetCore.Http.Features;

namespace Shop.Api.Http;

/// <summary>
/// Problems the framework writes itself (no route, wrong method, an unhandled exception) get
/// Shop's stable types too, and a 500 never carries more than its title.
/// </summary>
public static class ProblemTypes
{
    public static void Stamp(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = problem.Status switch
            {
                StatusCodes.Status400BadRequest => Problems.Types.Validation,
                StatusCodes.Status401Unauthorized => Problems.Types.Unauthorized,
                StatusCodes.Status403Forbidden => Problems.Types.Forbidden,
                StatusCodes.Status404NotFound => Problems.Types.NotFound,
                StatusCodes.Status405MethodNotAllowed => Problems.Types.MethodNotAllowed,
                StatusCodes.Status413PayloadTooLarge => Problems.Types.PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType => Problems.Types.UnsupportedMediaType,
                >= 500 => Problems.Types.Internal,
                _ => problem.Type,
            };
        }
        if (problem.Status >= 500)
        {
            problem.Detail = null;
            problem.Extensions.Remove("exception");
        }
        problem.Extensions.Remove("traceId");
        if (context.HttpContext.Features.Get<IHttpRequestIdentifierFeature>()?.TraceIdentifier is { } requestId)
        {
            problem.Extensions["requestId"] = requestId;
        }
    }
}
