using Shop.Core.Catalog;

namespace Shop.Core.Uploads;

public enum UploadFormat
{
    Csv,
    Jsonl,
}

public enum UploadStatus
{
    /// <summary>Created; the file has not arrived yet.</summary>
    Pending,

    /// <summary>The file arrived and its rows are being imported, chunk by chunk.</summary>
    Processing,

    /// <summary>Every row was read: imported or reported.</summary>
    Completed,

    /// <summary>The file as a whole could not be read (no header, too large, replaced while importing).</summary>
    Failed,
}

/// <summary>
/// How far an import got: the byte offset the next record starts at, the number of records read
/// (header included), and the error report parts written so far (<see cref="ReportParts"/> of
/// <see cref="ReportBytes"/> bytes in all).
/// </summary>
public sealed record UploadCheckpoint(long Offset, long Row, int ReportParts, long ReportBytes)
{
    public static readonly UploadCheckpoint Start = new(0, 0, 0, 0);
}

/// <summary>A seller's bulk upload: the file's object key, its state and live counts.</summary>
public sealed record Upload(
    string Id,
    string SellerId,
    UploadFormat Format,
    string Key,
    UploadStatus Status,
    long RowsTotal,
    long RowsImported,
    long RowsFailed,
    UploadCheckpoint Checkpoint,
    string? ContentTag,
    string? ErrorReportKey,
    string? Failure,
    string? DuplicateOf,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static string StatusText(UploadStatus status) => status.ToString().ToLowerInvariant();

    public static string FormatText(UploadFormat format) => format.ToString().ToLowerInvariant();
}

/// <summary>Object keys of the uploads bucket: each seller writes only under their own prefix.</summary>
public static class UploadKeys
{
    public const string UploadsPrefix = "uploads/";
    public const string ReportsPrefix = "reports/";

    public static string File(string sellerId, string uploadId, UploadFormat format) =>
        $"{UploadsPrefix}{sellerId}/{uploadId}.{Upload.FormatText(format)}";

    public static string Report(string sellerId, string uploadId) => $"{ReportsPrefix}{sellerId}/{uploadId}.csv";

    public static string ReportPart(string sellerId, string uploadId, int part) => $"{ReportsPrefix}{sellerId}/{uploadId}/part-{part:D6}.csv";

    /// <summary>The seller and upload an object key names, or null for a key no upload was presigned for.</summary>
    public static (string SellerId, string UploadId, UploadFormat Format)? Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || parts[0] + "/" != UploadsPrefix || parts[1].Length == 0)
        {
            return null;
        }
        var dot = parts[2].LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        UploadFormat? format = parts[2][(dot + 1)..] switch { "csv" => UploadFormat.Csv, "jsonl" => UploadFormat.Jsonl, _ => null };
        return format is null ? null : (parts[1], parts[2][..dot], format.Value);
    }

    public static string ContentType(UploadFormat format) => format == UploadFormat.Csv ? "text/csv" : "application/x-ndjson";
}

/// <summary>Uploads and their progress (docs/data-model.md, patterns 20–20b).</summary>
public interface IUploadStore
{
    Task CreateAsync(Upload upload, CancellationToken cancellationToken);

    /// <summary>The seller's upload; another seller's is as absent as a missing one.</summary>
    Task<Upload?> FindAsync(string sellerId, string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims file content (its ETag) for this upload. Answers the upload that holds it: this one, or
    /// an earlier upload of the same bytes that did not fail.
    /// </summary>
    Task<string> ClaimContentAsync(string sellerId, string contentTag, string uploadId, CancellationToken cancellationToken);

    /// <summary>Pending → processing with the content; false when another delivery got there first.</summary>
    Task<bool> StartAsync(Upload upload, string contentTag, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Moves the checkpoint on and adds to the counts, if it is still at <paramref name="from"/>.</summary>
    Task<bool> AdvanceAsync(Upload upload, UploadCheckpoint from, UploadCheckpoint to, UploadCounts added, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Processing → completed, if the checkpoint is still at <paramref name="at"/>.</summary>
    Task<bool> CompleteAsync(Upload upload, UploadCheckpoint checkpoint, string? errorReportKey, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Pending or processing → completed with nothing imported: the same bytes were imported by <paramref name="original"/>.</summary>
    Task CompleteAsDuplicateAsync(Upload upload, string original, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>→ failed with the reason, unless already completed.</summary>
    Task FailAsync(Upload upload, string reason, DateTimeOffset at, CancellationToken cancellationToken);
}

public sealed record UploadCounts(long Total, long Imported, long Failed);

/// <summary>The uploads bucket: presigned PUTs for files, ranged reads of them, error reports.</summary>
public interface IUploadFiles
{
    Task<UploadSlot> CreateUploadSlotAsync(string key, string contentType, CancellationToken cancellationToken);

    /// <summary>The object from <paramref name="offset"/> on, only if it still has <paramref name="eTag"/>; null when it is gone or changed.</summary>
    Task<Stream?> OpenAsync(string key, string eTag, long offset, CancellationToken cancellationToken);

    Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="prefix"/> then the parts, in order, as one object, streaming (<paramref name="length"/> bytes in all).</summary>
    Task ConcatenateAsync(string key, ReadOnlyMemory<byte> prefix, IReadOnlyList<string> parts, long length, CancellationToken cancellationToken);

    /// <summary>A presigned GET of the object, for its owner.</summary>
    Task<Uri> DownloadUrlAsync(string key, CancellationToken cancellationToken);
}

/// <summary>The catalog writes of an import: upserts by seller and SKU.</summary>
public interface ICatalogImporter
{
    /// <summary>Writes the rows' products and variants; answers the rows it refused, with why.</summary>
    Task<IReadOnlyList<RowError>> ImportAsync(string sellerId, string uploadId, IReadOnlyList<CatalogRow> rows, CancellationToken cancellationToken);
}

/// <summary>Hands the rest of a file to a later invocation.</summary>
public interface IUploadContinuations
{
    Task ContinueAsync(UploadContinuation continuation, CancellationToken cancellationToken);
}

/// <summary>"Go on with this upload from this checkpoint" (a message on the uploads queue).</summary>
public sealed record UploadContinuation(string SellerId, string UploadId, long Offset, long Row);
