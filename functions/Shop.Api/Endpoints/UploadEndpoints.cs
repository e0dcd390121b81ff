using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Uploads;

namespace Shop.Api.Endpoints;

public sealed record StartUploadRequest(string? Format);

public sealed record StartUploadResponse(string Id, string UploadUrl, string ContentType, DateTimeOffset ExpiresAt);

public sealed record UploadResponse(
    string Id,
    string Format,
    string Status,
    long RowsTotal,
    long RowsImported,
    long RowsFailed,
    string? ErrorReportUrl,
    string? Failure,
    string? DuplicateOf,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// A seller's bulk uploads: a presigned PUT under their own prefix, then the import's state and
/// counts. Another seller's upload answers 404, exactly as a missing one.
/// </summary>
public static class UploadEndpoints
{
    public static void MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup("/seller/uploads").RequireAccess(Access.Seller).WithTags("Seller uploads");

        uploads.MapPost("", async Task<IResult> (HttpContext http, StartUpload start, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, UploadJsonContext.Default.StartUploadRequest);
            if (problem is not null)
            {
                return problem;
            }
            var started = await start.HandleAsync(http.Caller(), body!.Format, cancellationToken);
            return TypedResults.Created($"/seller/uploads/{started.Upload.Id}", new StartUploadResponse(
                started.Upload.Id, started.Slot.UploadUrl.AbsoluteUri, UploadKeys.ContentType(started.Upload.Format), started.Slot.ExpiresAt));
        })
        .WithName("StartUpload")
        .WithSummary("Starts a catalog upload (csv or jsonl): PUT the file to uploadUrl with the given Content-Type within 15 minutes; rows are imported as it arrives.")
        .Accepts<StartUploadRequest>("application/json")
        .Produces<StartUploadResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem();

        uploads.MapGet("/{id}", async (string id, HttpContext http, GetUpload get, CancellationToken cancellationToken) =>
        {
            var view = await get.HandleAsync(http.Caller(), id, cancellationToken);
            var upload = view.Upload;
            return TypedResults.Ok(new UploadResponse(
                upload.Id, Upload.FormatText(upload.Format), Upload.StatusText(upload.Status), upload.RowsTotal, upload.RowsImported, upload.RowsFailed,
                view.ErrorReportUrl?.AbsoluteUri, upload.Failure, upload.DuplicateOf, upload.CreatedAt, upload.UpdatedAt));
        })
        .WithName("GetUpload")
        .WithSummary("An upload's status (pending, processing, completed, failed), its live row counts and, when rows failed, a 15-minute link to the error report.")
        .Produces<UploadResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(StartUploadRequest))]
[JsonSerializable(typeof(StartUploadResponse))]
[JsonSerializable(typeof(UploadResponse))]
internal sealed partial class UploadJsonContext : JsonSerializerContext;
