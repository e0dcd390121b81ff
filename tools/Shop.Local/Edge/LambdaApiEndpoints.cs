using Shop.Local.Functions;

namespace Shop.Local.Edge;

/// <summary>
/// The parts of the Lambda API (2015-03-31) that clients of this environment use: Invoke (which
/// moto's Step Functions interpreter calls for Lambda tasks), ListFunctions and GetFunction.
/// </summary>
public static class LambdaApiEndpoints
{
    private const int MaxSyncPayloadBytes = 6 * 1024 * 1024;
    private const int MaxAsyncPayloadBytes = 256 * 1024;

    // The Lambda API's JSON members are PascalCase (FunctionName, Functions), unlike ASP.NET's default.
    private static readonly System.Text.Json.JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    public static void MapLambdaApi(this IEndpointRouteBuilder app, FunctionRegistry functions, Action<string> log)
    {
        app.MapPost("/2015-03-31/functions/{name}/invocations", async (string name, HttpContext http) =>
        {
            var function = functions.Find(name);
            if (function is null)
            {
                return NotFound(http, name);
            }
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var payload = buffer.Length == 0 ? "{}"u8.ToArray() : buffer.ToArray();
            var invocationType = http.Request.Headers["X-Amz-Invocation-Type"].FirstOrDefault() ?? "RequestResponse";
            var limit = invocationType == "Event" ? MaxAsyncPayloadBytes : MaxSyncPayloadBytes;
            if (payload.Length > limit)
            {
                return AwsError(http, StatusCodes.Status413PayloadTooLarge, "RequestTooLargeException", $"Request must be smaller than {limit} bytes for the {invocationType} invocation type");
            }

            switch (invocationType)
            {
                case "DryRun":
                    return Results.StatusCode(StatusCodes.Status204NoContent);
                case "Event":
                    _ = InvokeInBackgroundAsync(function, payload, log);
                    return Results.StatusCode(StatusCodes.Status202Accepted);
                default:
                    var result = await function.InvokeAsync(payload, http.Request.Headers["X-Amzn-Trace-Id"].FirstOrDefault(),
                        http.Request.Headers["X-Amz-Client-Context"].FirstOrDefault());
                    http.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
                    http.Response.Headers["x-amzn-RequestId"] = result.RequestId;
                    if (result.FunctionError is not null)
                    {
                        http.Response.Headers["X-Amz-Function-Error"] = result.FunctionError;
                    }
                    return Results.Bytes(result.Payload, "application/json");
            }
        });

        app.MapGet("/2015-03-31/functions", () => Results.Json(new
        {
            Functions = functions.All.Select(f => Configuration(f.Definition)).ToList(),
        }, Json));

        app.MapGet("/2015-03-31/functions/{name}", (string name, HttpContext http) =>
        {
            var function = functions.Find(name);
            return function is null ? NotFound(http, name) : Results.Json(new { Configuration = Configuration(function.Definition) }, Json);
        });
    }

    /// <summary>Lambda's asynchronous invocation: retried twice on a function error, then dropped with a log line.</summary>
    private static async Task InvokeInBackgroundAsync(FunctionHost function, byte[] payload, Action<string> log)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var result = await function.InvokeAsync(payload);
            if (result.Succeeded)
            {
                return;
            }
            log($"[{function.Definition.Name}] async invocation attempt {attempt} failed: {result.PayloadText}");
        }
    }

    private static object Configuration(FunctionDefinition function) => new
    {
        FunctionName = function.Name,
        FunctionArn = function.Arn,
        Runtime = "provided.al2023",
        Handler = function.Handler,
        Timeout = (int)function.Timeout.TotalSeconds,
        MemorySize = function.MemoryMb,
        PackageType = "Zip",
        State = "Active",
        Environment = new { Variables = function.Environment },
    };

    private static IResult NotFound(HttpContext http, string name) =>
        AwsError(http, StatusCodes.Status404NotFound, "ResourceNotFoundException", $"Function not found: {LocalAws.FunctionArn(Uri.UnescapeDataString(name))}");

    private static IResult AwsError(HttpContext http, int status, string type, string message)
    {
        http.Response.Headers["x-amzn-ErrorType"] = type;
        return Results.Json(new { Type = "User", message }, Json, statusCode: status);
    }
}
