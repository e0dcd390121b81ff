using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Api.Http;

/// <summary>
/// Reads a JSON request body into a source-generated type, answering malformed or mistyped input
/// with a problem that names the field (<c>price.amount</c>), unknown members included: a field a
/// caller may not set is refused, never silently applied.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType());
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
            return value is null ? (null, Problems.Validation("$", "A JSON object is required.")) : (value, null);
        }
        catch (JsonException error)
        {
            return (null, FromJsonError(error));
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.PayloadTooLarge(BodySizeLimit.MaxBytes));
        }
    }

    private static IResult FromJsonError(JsonException error)
    {
        // The reader's own exception type is internal; its name tells a syntax error from a mapping one.
        if (error.InnerException?.GetType().Name == "JsonReaderException")
        {
            return Problems.MalformedJson($"Malformed JSON at line {error.LineNumber + 1}, position {error.BytePositionInLine + 1}.");
        }
        var field = Field(error.Path);
        return error.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal)
            ? Problems.Validation(field, "This field is not accepted here.")
            : Problems.Validation(field, "The value has the wrong type or shape.");
    }

    /// <summary>"$.variants[0].price" becomes "variants[0].price"; the root stays "$".</summary>
    private static string Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
}
