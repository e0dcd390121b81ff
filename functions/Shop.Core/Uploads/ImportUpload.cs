using Shop.Core.Catalog;

namespace Shop.Core.Uploads;

/// <summary>
/// How an import paces itself. <see cref="ChunkRows"/> rows are read, checked, written and
/// checkpointed together; an invocation stops and hands on (<see cref="IUploadContinuations"/>)
/// when fewer than <see cref="Reserve"/> plus twice its slowest chunk remain, or after
/// <see cref="MaxRowsPerInvocation"/> rows.
/// A delivery finding an upload that has not moved for <see cref="StallAfter"/> picks it up again.
/// </summary>
public sealed record UploadImportLimits(
    int ChunkRows,
    long MaxRowsPerInvocation,
    long MaxObjectBytes,
    TimeSpan Reserve,
    TimeSpan StallAfter)
{
    /// <summary>A file up to 512 MiB (about three million rows of a typical catalog).</summary>
    public static readonly UploadImportLimits Default = new(500, long.MaxValue, 512L * 1024 * 1024, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(20));
}

/// <summary>A file arrived in the bucket (an S3 ObjectCreated event).</summary>
public sealed record UploadArrived(string Key, string? ETag, long Size);

public enum ImportOutcome
{
    /// <summary>Not an upload's file, or a delivery some other one is already handling.</summary>
    Ignored,

    /// <summary>The rest is handed to a later invocation.</summary>
    Continued,
    Completed,
    Failed,

    /// <summary>The same bytes were imported by an earlier upload; nothing is imported twice.</summary>
    Duplicate,
}

/// <summary>
/// Imports an uploaded catalog file: reads it from the checkpoint in bounded memory, checks each
/// row, upserts the good ones by seller and SKU, reports the rest, and checkpoints after every
/// chunk so a redelivery or a continuation resumes where the last one stopped. Every step is
/// conditional on the upload's state, so duplicated events and messages change nothing twice.
/// </summary>
public sealed class ImportUpload(
    IUploadStore uploads,
    IUploadFiles files,
    ICatalogImporter catalog,
    ICategoryStore categories,
    IUploadContinuations continuations,
    UploadImportLimits limits,
    TimeProvider clock)
{
    public async Task<ImportOutcome> HandleAsync(UploadArrived arrived, Func<TimeSpan> remaining, CancellationToken cancellationToken)
    {
        if (UploadKeys.Parse(arrived.Key) is not { } named || arrived.ETag is not { Length: > 0 } tag)
        {
            return ImportOutcome.Ignored;
        }
        var upload = await uploads.FindAsync(named.SellerId, named.UploadId, cancellationToken);
        if (upload is null || upload.Key != arrived.Key)
        {
            return ImportOutcome.Ignored;
        }
        if (upload.Status != UploadStatus.Pending)
        {
            return upload.ContentTag == tag ? await ResumeIfStalledAsync(upload, cancellationToken) : ImportOutcome.Ignored;
        }
        var now = clock.GetUtcNow();
        if (arrived.Size == 0)
        {
            await uploads.FailAsync(upload, "The file is empty.", now, cancellationToken);
            return ImportOutcome.Failed;
        }
        if (arrived.Size > limits.MaxObjectBytes)
        {
            await uploads.FailAsync(upload, $"The file is {arrived.Size} bytes; the most an upload may be is {limits.MaxObjectBytes}.", now, cancellationToken);
            return ImportOutcome.Failed;
        }
        var holder = await uploads.ClaimContentAsync(upload.SellerId, $"{tag}#{arrived.Size}", upload.Id, cancellationToken);
        if (holder != upload.Id)
        {
            await uploads.CompleteAsDuplicateAsync(upload, holder, now, cancellationToken);
            return ImportOutcome.Duplicate;
        }
        if (!await uploads.StartAsync(upload, tag, now, cancellationToken))
        {
            return ImportOutcome.Ignored;
        }
        upload = upload with { Status = UploadStatus.Processing, ContentTag = tag };
        return await ImportAsync(upload, remaining, cancellationToken);
    }

    public async Task<ImportOutcome> HandleAsync(UploadContinuation continuation, Func<TimeSpan> remaining, CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(continuation.SellerId, continuation.UploadId, cancellationToken);
        if (upload is not { Status: UploadStatus.Processing })
        {
            return ImportOutcome.Ignored;
        }
        return upload.Checkpoint.Offset == continuation.Offset && upload.Checkpoint.Row == continuation.Row
            ? await ImportAsync(upload, remaining, cancellationToken)
            : await ResumeIfStalledAsync(upload, cancellationToken);
    }

    /// <summary>
    /// The queue's last receive of this event failed too: the message goes to the dead-letter
    /// queue and nothing will resume the import, so the upload fails (what was imported stays)
    /// instead of showing "processing" for ever. A failure of a delivery the upload has moved
    /// past, or of another file's event, leaves the upload alone.
    /// </summary>
    public async Task<bool> GiveUpAsync(UploadArrived arrived, CancellationToken cancellationToken)
    {
        if (UploadKeys.Parse(arrived.Key) is not { } named
            || await uploads.FindAsync(named.SellerId, named.UploadId, cancellationToken) is not { } upload
            || upload.Key != arrived.Key
            || !(upload.Status == UploadStatus.Pending || (upload.Status == UploadStatus.Processing && upload.ContentTag == arrived.ETag)))
        {
            return false;
        }
        await uploads.FailAsync(upload, GaveUp(upload), clock.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>The continuation counterpart of <see cref="GiveUpAsync(UploadArrived, CancellationToken)"/>: only the upload's current continuation fails it.</summary>
    public async Task<bool> GiveUpAsync(UploadContinuation continuation, CancellationToken cancellationToken)
    {
        if (await uploads.FindAsync(continuation.SellerId, continuation.UploadId, cancellationToken) is not { Status: UploadStatus.Processing } upload
            || upload.Checkpoint.Offset != continuation.Offset || upload.Checkpoint.Row != continuation.Row)
        {
            return false;
        }
        await uploads.FailAsync(upload, GaveUp(upload), clock.GetUtcNow(), cancellationToken);
        return true;
    }

    private static string GaveUp(Upload upload) => upload.Checkpoint.Row == 0
        ? "The import could not start after repeated errors; nothing was imported. Upload the file again."
        : $"The import stopped after row {upload.Checkpoint.Row} after repeated errors; the rows up to it are imported. Upload the rest again.";

    /// <summary>
    /// A delivery behind the upload's checkpoint is a duplicate, unless the upload has not moved for
    /// a long while: then the invocation that should have handed on died before it could, and this
    /// delivery hands on in its place.
    /// </summary>
    private async Task<ImportOutcome> ResumeIfStalledAsync(Upload upload, CancellationToken cancellationToken)
    {
        if (upload.Status != UploadStatus.Processing || clock.GetUtcNow() - upload.UpdatedAt < limits.StallAfter)
        {
            return ImportOutcome.Ignored;
        }
        await continuations.ContinueAsync(new UploadContinuation(upload.SellerId, upload.Id, upload.Checkpoint.Offset, upload.Checkpoint.Row), cancellationToken);
        return ImportOutcome.Continued;
    }

    private async Task<ImportOutcome> ImportAsync(Upload upload, Func<TimeSpan> remaining, CancellationToken cancellationToken)
    {
        CatalogFile file;
        try
        {
            await using var head = await files.OpenAsync(upload.Key, upload.ContentTag!, 0, cancellationToken) ?? throw Replaced();
            file = await CatalogFile.OpenAsync(upload.Format, head, cancellationToken);
        }
        catch (CatalogFileException unusable)
        {
            await uploads.FailAsync(upload, unusable.Message, clock.GetUtcNow(), cancellationToken);
            return ImportOutcome.Failed;
        }
        var known = (await categories.ListAsync(cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var checkpoint = upload.Checkpoint;
        var start = checkpoint.Offset == 0 ? new UploadCheckpoint(file.DataStart, file.DataStart == 0 ? 0 : 1, 0, 0) : checkpoint;
        await using var stream = await files.OpenAsync(upload.Key, upload.ContentTag!, start.Offset, cancellationToken);
        if (stream is null)
        {
            await uploads.FailAsync(upload, Replaced().Message, clock.GetUtcNow(), cancellationToken);
            return ImportOutcome.Failed;
        }
        var records = file.Records(stream, start.Offset, start.Row + 1);
        long rowsThisInvocation = 0;
        var position = start;
        // A chunk's writes are only as fast as the table: hand on while the slowest chunk so far
        // would still fit twice, or a slow chunk outlives the invocation and waits out the queue's
        // visibility timeout before its redelivery resumes it.
        var slowest = TimeSpan.Zero;
        while (true)
        {
            var chunkStarted = clock.GetTimestamp();
            var (sources, end) = await ReadChunkAsync(file, records, cancellationToken);
            if (sources.Count > 0)
            {
                var next = await ImportChunkAsync(upload, position, sources, end, known.Contains, cancellationToken);
                if (!await uploads.AdvanceAsync(upload, checkpoint, next.Checkpoint, next.Added, clock.GetUtcNow(), cancellationToken))
                {
                    return ImportOutcome.Ignored;
                }
                checkpoint = position = next.Checkpoint;
                rowsThisInvocation += sources.Count;
                var took = clock.GetElapsedTime(chunkStarted);
                slowest = took > slowest ? took : slowest;
            }
            if (end.Finished)
            {
                return await CompleteAsync(upload, checkpoint, cancellationToken);
            }
            if (remaining() < limits.Reserve + (2 * slowest) || rowsThisInvocation >= limits.MaxRowsPerInvocation)
            {
                await continuations.ContinueAsync(new UploadContinuation(upload.SellerId, upload.Id, checkpoint.Offset, checkpoint.Row), cancellationToken);
                return ImportOutcome.Continued;
            }
        }
    }

    private sealed record ChunkEnd(long Offset, long LastRow, bool Finished);

    private sealed record ChunkResult(UploadCheckpoint Checkpoint, UploadCounts Added);

    private async Task<(List<SourceRow> Rows, ChunkEnd End)> ReadChunkAsync(CatalogFile file, SourceRecords records, CancellationToken cancellationToken)
    {
        var rows = new List<SourceRow>(limits.ChunkRows);
        while (rows.Count < limits.ChunkRows)
        {
            var record = await records.ReadAsync(cancellationToken);
            if (record is null)
            {
                return (rows, new ChunkEnd(records.Offset, rows.Count > 0 ? rows[^1].Number : 0, true));
            }
            rows.Add(file.Read(record));
        }
        return (rows, new ChunkEnd(records.Offset, rows[^1].Number, false));
    }

    private async Task<ChunkResult> ImportChunkAsync(
        Upload upload, UploadCheckpoint position, List<SourceRow> sources, ChunkEnd end, Func<string, bool> categoryExists, CancellationToken cancellationToken)
    {
        var errors = new List<RowError>();
        var good = new List<CatalogRow>(sources.Count);
        foreach (var source in sources)
        {
            var (row, rowErrors) = CatalogRowRules.Check(source, categoryExists);
            if (row is null)
            {
                errors.AddRange(rowErrors);
            }
            else
            {
                good.Add(row);
            }
        }
        var refused = await catalog.ImportAsync(upload.SellerId, upload.Id, good, cancellationToken);
        errors.AddRange(refused);
        var failedRows = errors.Select(e => e.Row).Distinct().Count();
        var parts = position.ReportParts;
        var bytes = position.ReportBytes;
        if (errors.Count > 0)
        {
            // Named by its place among the parts, so a retried chunk overwrites its own part.
            var lines = ErrorReport.Lines(errors);
            await files.WriteAsync(UploadKeys.ReportPart(upload.SellerId, upload.Id, parts), lines, cancellationToken);
            parts++;
            bytes += lines.Length;
        }
        return new ChunkResult(
            new UploadCheckpoint(end.Offset, end.LastRow, parts, bytes),
            new UploadCounts(sources.Count, sources.Count - failedRows, failedRows));
    }

    private async Task<ImportOutcome> CompleteAsync(Upload upload, UploadCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        string? report = null;
        if (checkpoint.ReportParts > 0)
        {
            report = UploadKeys.Report(upload.SellerId, upload.Id);
            var parts = Enumerable.Range(0, checkpoint.ReportParts).Select(p => UploadKeys.ReportPart(upload.SellerId, upload.Id, p)).ToList();
            await files.ConcatenateAsync(report, ErrorReport.Header, parts, ErrorReport.Header.Length + checkpoint.ReportBytes, cancellationToken);
        }
        return await uploads.CompleteAsync(upload, checkpoint, report, clock.GetUtcNow(), cancellationToken)
            ? ImportOutcome.Completed
            : ImportOutcome.Ignored;
    }

    private static CatalogFileException Replaced() =>
        new("The file was replaced or removed while it was being imported; start a new upload.");
}
