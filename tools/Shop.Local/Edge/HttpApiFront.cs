using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Shop.Local.Deploy;
using Shop.Local.Functions;

namespace Shop.Local.Edge;

/// <summary>
/// Stands in for API Gateway's HTTP API: each HTTP request becomes a payload format 2.0 event,
/// goes to the function its route integrates through the Lambda Runtime API, and the function's
/// 2.0 response becomes the HTTP response.
/// </summary>
public sealed class HttpApiFront(HttpApi api, FunctionRegistry functions, IJwtAuthorizer? authorizer, Action<string> log)
{
    private const int MaxRequestBytes = 10 * 1024 * 1024;
    private static readonly TimeSpan IntegrationTimeout = TimeSpan.FromSeconds(30);

    public async Task HandleAsync(HttpContext http)
    {
        var requestId = NewRequestId();
        http.Response.Headers["apigw-requestid"] = requestId;
        if (api.Cors is { } cors)
        {
            if (HttpApiCorsRules.IsPreflight(http.Request))
            {
                HttpApiCorsRules.AnswerPreflight(http, cors);
                return;
            }
            http.Response.OnStarting(() =>
            {
                HttpApiCorsRules.Stamp(http, cors);
                return Task.CompletedTask;
            });
        }
        var (rawPath, rawQuery) = RawTarget(http);
        var match = HttpApiRouter.Match(api.Routes, http.Request.Method, rawPath);
        if (match is null)
        {
            await Message(http, StatusCodes.Status404NotFound, "Not Found");
            return;
        }

        JsonObject? claims = null;
        if (match.Route.AuthorizerId is { } authorizerId)
        {
            var result = authorizer is null || !api.Authorizers.TryGetValue(authorizerId, out var definition)
                ? JwtAuthorization.Unauthorized
                : await authorizer.AuthorizeAsync(definition, http.Request.Headers, http.RequestAborted);
            if (result.Claims is null)
            {
                await Message(http, StatusCodes.Status401Unauthorized, "Unauthorized");
                return;
            }
            claims = result.Claims;
        }

        var body = await ReadBodyAsync(http.Request);
        if (body is null)
        {
            await Message(http, StatusCodes.Status413PayloadTooLarge, "Request Entity Too Large");
            return;
        }

        var function = functions.Find(match.Route.FunctionName);
        if (function is null)
        {
            log($"route {match.Route.RouteKey} integrates {match.Route.FunctionName}, which is not running locally");
            await Message(http, StatusCodes.Status500InternalServerError, "Internal Server Error");
            return;
        }

        var payload = BuildEvent(http, requestId, rawPath, rawQuery, match, body, claims);
        using var gaveUp = new CancellationTokenSource();
        var invocation = function.InvokeAsync(payload, withdrawWhileQueued: gaveUp.Token);
        var finished = await Task.WhenAny(invocation, Task.Delay(IntegrationTimeout));
        if (finished != invocation)
        {
            // Still queued: it leaves the queue (nobody waits for it); already running: it runs on, as in Lambda.
            await gaveUp.CancelAsync();
            await Message(http, StatusCodes.Status503ServiceUnavailable, "Service Unavailable");
            return;
        }
        var outcome = await invocation;
        if (!outcome.Succeeded)
        {
            log($"[{function.Definition.Name}] {http.Request.Method} {rawPath} failed: {outcome.PayloadText}");
            await Message(http, StatusCodes.Status500InternalServerError, "Internal Server Error");
            return;
        }
        await WriteResponseAsync(http, outcome.Payload);
    }

    private static byte[] BuildEvent(HttpContext http, string requestId, string rawPath, string rawQuery, RouteMatch match, byte[] body, JsonObject? claims)
    {
        var request = http.Request;
        var now = DateTimeOffset.UtcNow;
        var headers = new JsonObject();
        var cookies = new JsonArray();
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var cookie in values.SelectMany(v => (v ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                {
                    cookies.Add(cookie);
                }
                continue;
            }
            headers[name.ToLowerInvariant()] = string.Join(',', values.ToArray());
        }
        var sourceIp = http.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "127.0.0.1";
        headers["x-forwarded-for"] = sourceIp;
        headers["x-forwarded-proto"] = request.Scheme;
        headers["x-forwarded-port"] = http.Connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        headers["x-amzn-trace-id"] = $"Root=1-{now.ToUnixTimeSeconds():x8}-{Guid.NewGuid():N}"[..40];

        var query = QueryParameters(rawQuery);
        var isText = request.ContentType is null || Shop.Lambda.AspNetCore.ContentTypes.IsTextual(request.ContentType);
        var http2 = new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = rawPath,
            ["protocol"] = request.Protocol,
            ["sourceIp"] = sourceIp,
            ["userAgent"] = request.Headers.UserAgent.ToString(),
        };
        var context = new JsonObject
        {
            ["accountId"] = LocalAws.AccountId,
            ["apiId"] = "local",
            ["domainName"] = request.Host.Host,
            ["domainPrefix"] = request.Host.Host.Split('.')[0],
            ["http"] = http2,
            ["requestId"] = requestId,
            ["routeKey"] = match.Route.RouteKey,
            ["stage"] = "$default",
            ["time"] = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
            ["timeEpoch"] = now.ToUnixTimeMilliseconds(),
        };
        if (claims is not null)
        {
            context["authorizer"] = new JsonObject { ["jwt"] = new JsonObject { ["claims"] = claims, ["scopes"] = null } };
        }

        var payload = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = match.Route.RouteKey,
            ["rawPath"] = rawPath,
            ["rawQueryString"] = rawQuery,
        };
        if (cookies.Count > 0) payload["cookies"] = cookies;
        payload["headers"] = headers;
        if (query.Count > 0) payload["queryStringParameters"] = query;
        if (match.PathParameters.Count > 0) payload["pathParameters"] = new JsonObject(match.PathParameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        payload["requestContext"] = context;
        if (body.Length > 0)
        {
            payload["body"] = isText ? Encoding.UTF8.GetString(body) : Convert.ToBase64String(body);
        }
        payload["isBase64Encoded"] = body.Length > 0 && !isText;
        return JsonSerializer.SerializeToUtf8Bytes(payload);
    }

    /// <summary>Repeated keys are joined with commas, as API Gateway does; rawQueryString keeps them apart.</summary>
    private static JsonObject QueryParameters(string rawQuery)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(rawQuery);
        return new JsonObject(parsed.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)string.Join(',', p.Value.ToArray()))));
    }

    private static async Task WriteResponseAsync(HttpContext http, ReadOnlyMemory<byte> payload)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(payload.Span.ToArray());
        }
        catch (JsonException)
        {
            document = null;
        }

        if (document is not JsonObject response || response["statusCode"] is null)
        {
            // A function may return any JSON value; API Gateway then answers 200 with it as the body.
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(payload);
            return;
        }

        http.Response.StatusCode = response["statusCode"]!.GetValue<int>();
        foreach (var (name, value) in response["headers"] as JsonObject ?? [])
        {
            http.Response.Headers[name] = DeployedEnvironment.Text(value);
        }
        foreach (var cookie in response["cookies"] as JsonArray ?? [])
        {
            http.Response.Headers.Append("Set-Cookie", (string?)cookie);
        }
        var body = response["body"] is { } bodyNode ? DeployedEnvironment.Text(bodyNode) : "";
        var bytes = response["isBase64Encoded"]?.GetValue<bool>() == true ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body);
        if (bytes.Length > 0)
        {
            await http.Response.Body.WriteAsync(bytes);
        }
    }

    private static (string Path, string Query) RawTarget(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.ToUriComponent() + http.Request.QueryString.ToUriComponent();
        var question = target.IndexOf('?');
        return question < 0 ? (target, "") : (target[..question], target[(question + 1)..]);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Task Message(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { message });
    }

    private static string NewRequestId() => Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..14].Replace('/', 'x').Replace('+', 'y') + "=";
}
