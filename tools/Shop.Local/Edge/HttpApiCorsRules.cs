using Shop.Local.Deploy;

namespace Shop.Local.Edge;

/// <summary>
/// API Gateway's handling of an HTTP API's CORS configuration: preflights are answered before any
/// route or authorizer, and responses to cross-origin requests carry the configured headers (the
/// function's own CORS headers are dropped, as API Gateway ignores them).
/// </summary>
public static class HttpApiCorsRules
{
    public static bool IsPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method) && request.Headers.Origin.Count > 0 && request.Headers.AccessControlRequestMethod.Count > 0;

    public static void AnswerPreflight(HttpContext http, HttpApiCors cors)
    {
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        if (!AllowsOrigin(cors, http.Request.Headers.Origin.ToString()))
        {
            return;
        }
        var headers = http.Response.Headers;
        AllowOrigin(http, cors);
        headers.AccessControlAllowMethods = string.Join(',', cors.AllowMethods);
        headers.AccessControlAllowHeaders = string.Join(',', cors.AllowHeaders);
        if (cors.MaxAge is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Called once the function's headers are written: replaces any CORS headers it set.</summary>
    public static void Stamp(HttpContext http, HttpApiCors cors)
    {
        foreach (var name in http.Response.Headers.Keys.Where(k => k.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            http.Response.Headers.Remove(name);
        }
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || !AllowsOrigin(cors, origin))
        {
            return;
        }
        AllowOrigin(http, cors);
        if (cors.ExposeHeaders.Count > 0)
        {
            http.Response.Headers.AccessControlExposeHeaders = string.Join(',', cors.ExposeHeaders);
        }
    }

    private static void AllowOrigin(HttpContext http, HttpApiCors cors)
    {
        var origin = http.Request.Headers.Origin.ToString();
        http.Response.Headers.AccessControlAllowOrigin = cors.AllowOrigins.Contains("*") && !cors.AllowCredentials ? "*" : origin;
        if (cors.AllowCredentials)
        {
            http.Response.Headers.AccessControlAllowCredentials = "true";
        }
    }

    private static bool AllowsOrigin(HttpApiCors cors, string origin) =>
        cors.AllowOrigins.Contains("*") || cors.AllowOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
}
