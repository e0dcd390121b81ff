using Shop.Core.Catalog;
using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Core.Uploads;

/// <summary>A new upload and where its file goes.</summary>
public sealed record StartedUpload(Upload Upload, UploadSlot Slot);

/// <summary>
/// A seller starts a bulk upload: the record is written pending, and the client PUTs the file
/// straight to the bucket under the seller's own prefix with the presigned URL (the content type
/// is signed, so the object is stored as the declared format and nothing else).
/// </summary>
public sealed class StartUpload(IUploadStore uploads, IUploadFiles files, TimeProvider clock)
{
    public async Task<StartedUpload> HandleAsync(Caller caller, string? format, CancellationToken cancellationToken)
    {
        UploadFormat? parsed = format switch { "csv" => UploadFormat.Csv, "jsonl" => UploadFormat.Jsonl, _ => null };
        if (parsed is null)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["format"] = ["Must be csv or jsonl."] });
        }
        var now = clock.GetUtcNow();
        var id = Ids.New("upl");
        var key = UploadKeys.File(caller.UserId, id, parsed.Value);
        var upload = new Upload(id, caller.UserId, parsed.Value, key, UploadStatus.Pending, 0, 0, 0, UploadCheckpoint.Start, null, null, null, null, now, now);
        await uploads.CreateAsync(upload, cancellationToken);
        return new StartedUpload(upload, await files.CreateUploadSlotAsync(key, UploadKeys.ContentType(parsed.Value), cancellationToken));
    }
}

/// <summary>An upload as its seller sees it, with a fresh link to its error report when rows failed.</summary>
public sealed record UploadView(Upload Upload, Uri? ErrorReportUrl);

public sealed class GetUpload(IUploadStore uploads, IUploadFiles files)
{
    public async Task<UploadView> HandleAsync(Caller caller, string uploadId, CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(caller.UserId, uploadId, cancellationToken)
            ?? throw new NotFoundException($"No upload {uploadId}.");
        var report = upload.ErrorReportKey is { } key ? await files.DownloadUrlAsync(key, cancellationToken) : null;
        return new UploadView(upload, report);
    }
}
