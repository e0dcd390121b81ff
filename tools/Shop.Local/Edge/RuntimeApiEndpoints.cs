using System.Globalization;
using Shop.Local.Functions;

namespace Shop.Local.Edge;

/// <summary>
/// The Lambda Runtime API (2018-06-01) for the functions this environment runs. Each instance is
/// given <c>AWS_LAMBDA_RUNTIME_API=host:port/_lambda/FUNCTION/INSTANCE</c>, so one port serves every
/// instance and the edge knows which one is asking.
/// </summary>
public static class RuntimeApiEndpoints
{
    public static void MapRuntimeApi(this IEndpointRouteBuilder app, FunctionRegistry functions)
    {
        var runtime = app.MapGroup("/_lambda/{function}/{instance}/2018-06-01/runtime");

        runtime.MapGet("/invocation/next", async (string function, string instance, HttpContext http) =>
        {
            var host = functions.Find(function);
            var invocation = host is null ? null : await host.NextAsync(instance, http.RequestAborted);
            if (host is null || invocation is null)
            {
                return Error(StatusCodes.Status410Gone, "InstanceGone", "This instance is no longer part of the environment.");
            }
            var headers = http.Response.Headers;
            headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
            headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            headers["Lambda-Runtime-Invoked-Function-Arn"] = host.Definition.Arn;
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
            if (invocation.ClientContext is not null)
            {
                headers["Lambda-Runtime-Client-Context"] = invocation.ClientContext;
            }
            return Results.Bytes(invocation.Payload, "application/json");
        });

        runtime.MapPost("/invocation/{requestId}/response", async (string function, string instance, string requestId, HttpRequest request) =>
        {
            var body = await ReadBodyAsync(request);
            if (body.Length > FunctionHost.MaxResponseBytes)
            {
                // The invocation stays open: the runtime is expected to report an error for it next.
                return Error(StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge",
                    $"Response payload size ({body.Length} bytes) exceeded maximum allowed payload size ({FunctionHost.MaxResponseBytes} bytes).");
            }
            return functions.Find(function)?.Respond(instance, requestId, body) == true ? Accepted() : InvalidRequestId();
        });

        runtime.MapPost("/invocation/{requestId}/error", async (string function, string instance, string requestId, HttpRequest request) =>
        {
            var body = await ReadBodyAsync(request);
            return functions.Find(function)?.Fail(instance, requestId, body) == true ? Accepted() : InvalidRequestId();
        });

        runtime.MapPost("/init/error", async (string function, string instance, HttpRequest request) =>
        {
            var body = await ReadBodyAsync(request);
            functions.Find(function)?.InitFailed(instance, body);
            return Accepted();
        });
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static IResult Accepted() => Results.Json(new { status = "OK" }, statusCode: StatusCodes.Status202Accepted);

    private static IResult InvalidRequestId() =>
        Error(StatusCodes.Status400BadRequest, "InvalidRequestID", "Invalid request ID");

    private static IResult Error(int status, string type, string message) =>
        Results.Json(new { errorMessage = message, errorType = type }, statusCode: status);
}
