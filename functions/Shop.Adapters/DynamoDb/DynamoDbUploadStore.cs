using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Shop.Core.Uploads;

namespace Shop.Adapters.DynamoDb;

/// <summary>
/// Upload records and content claims in the single table (docs/data-model.md, patterns 20–20b).
/// Both live in the seller's partition, so a seller can only ever read their own. Every state
/// change is conditional on the state it moves from.
/// </summary>
public sealed class DynamoDbUploadStore(IAmazonDynamoDB dynamo, TableName table) : IUploadStore
{
    /// <summary>Upload records and content claims outlive the error report (30 days) a little.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(35);

    public static string UserKey(string sellerId) => "USER#" + sellerId;

    public static string UploadSortKey(string uploadId) => "UPLOAD#" + uploadId;

    public static string ContentSortKey(string contentTag) => "UPLOAD_CONTENT#" + contentTag;

    public Task CreateAsync(Upload upload, CancellationToken cancellationToken) =>
        dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = table.Value,
            Item = ToItem(upload),
            ConditionExpression = "attribute_not_exists(PK)",
        }, cancellationToken);

    public async Task<Upload?> FindAsync(string sellerId, string uploadId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = table.Value,
            Key = ProductItems.Key(UserKey(sellerId), UploadSortKey(uploadId)),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ToUpload(item) : null;
    }

    public async Task<string> ClaimContentAsync(string sellerId, string contentTag, string uploadId, CancellationToken cancellationToken)
    {
        var key = ProductItems.Key(UserKey(sellerId), ContentSortKey(contentTag));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = (await dynamo.GetItemAsync(new GetItemRequest { TableName = table.Value, Key = key, ConsistentRead = true }, cancellationToken)).Item;
            var holder = current is { Count: > 0 } ? current.String("uploadId") : null;
            if (holder == uploadId)
            {
                return uploadId;
            }
            // An earlier upload of the same bytes keeps them unless it failed as a whole.
            if (holder is not null && (await FindAsync(sellerId, holder, cancellationToken))?.Status is not (UploadStatus.Failed or null))
            {
                return holder;
            }
            var item = new Dictionary<string, AttributeValue>(key)
            {
                ["type"] = Attr.S("UploadContent"),
                ["uploadId"] = Attr.S(uploadId),
                ["expiresAt"] = Attr.N(DateTimeOffset.UtcNow.Add(Retention).ToUnixTimeSeconds()),
            };
            try
            {
                await dynamo.PutItemAsync(new PutItemRequest
                {
                    TableName = table.Value,
                    Item = item,
                    ConditionExpression = holder is null ? "attribute_not_exists(PK)" : "uploadId = :holder",
                    ExpressionAttributeValues = holder is null ? null : new() { [":holder"] = Attr.S(holder) },
                }, cancellationToken);
                return uploadId;
            }
            catch (ConditionalCheckFailedException)
            {
                // Another upload claimed it between the read and the write: read again.
            }
        }
        throw new InvalidOperationException($"The content claim {contentTag} of seller {sellerId} keeps changing.");
    }

    public Task<bool> StartAsync(Upload upload, string contentTag, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(upload, "SET #status = :processing, contentTag = :tag, updatedAt = :at", "#status = :pending", new()
        {
            [":processing"] = Attr.S(Upload.StatusText(UploadStatus.Processing)),
            [":pending"] = Attr.S(Upload.StatusText(UploadStatus.Pending)),
            [":tag"] = Attr.S(contentTag),
            [":at"] = Attr.S(Attr.Time(at)),
        }, cancellationToken);

    public Task<bool> AdvanceAsync(Upload upload, UploadCheckpoint from, UploadCheckpoint to, UploadCounts added, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(upload,
            "SET checkpointOffset = :toOffset, checkpointRow = :toRow, reportParts = :parts, reportBytes = :bytes, updatedAt = :at " +
            "ADD rowsTotal :total, rowsImported :imported, rowsFailed :failed",
            "#status = :processing AND checkpointOffset = :fromOffset AND checkpointRow = :fromRow",
            new()
            {
                [":toOffset"] = Attr.N(to.Offset),
                [":toRow"] = Attr.N(to.Row),
                [":parts"] = Attr.N(to.ReportParts),
                [":bytes"] = Attr.N(to.ReportBytes),
                [":at"] = Attr.S(Attr.Time(at)),
                [":total"] = Attr.N(added.Total),
                [":imported"] = Attr.N(added.Imported),
                [":failed"] = Attr.N(added.Failed),
                [":processing"] = Attr.S(Upload.StatusText(UploadStatus.Processing)),
                [":fromOffset"] = Attr.N(from.Offset),
                [":fromRow"] = Attr.N(from.Row),
            }, cancellationToken);

    public Task<bool> CompleteAsync(Upload upload, UploadCheckpoint checkpoint, string? errorReportKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":completed"] = Attr.S(Upload.StatusText(UploadStatus.Completed)),
            [":processing"] = Attr.S(Upload.StatusText(UploadStatus.Processing)),
            [":offset"] = Attr.N(checkpoint.Offset),
            [":row"] = Attr.N(checkpoint.Row),
            [":at"] = Attr.S(Attr.Time(at)),
        };
        var set = "SET #status = :completed, updatedAt = :at";
        if (errorReportKey is not null)
        {
            set += ", errorReportKey = :report";
            values[":report"] = Attr.S(errorReportKey);
        }
        return UpdateAsync(upload, set, "#status = :processing AND checkpointOffset = :offset AND checkpointRow = :row", values, cancellationToken);
    }

    public Task CompleteAsDuplicateAsync(Upload upload, string original, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(upload, "SET #status = :completed, duplicateOf = :original, updatedAt = :at", "#status = :pending", new()
        {
            [":completed"] = Attr.S(Upload.StatusText(UploadStatus.Completed)),
            [":pending"] = Attr.S(Upload.StatusText(UploadStatus.Pending)),
            [":original"] = Attr.S(original),
            [":at"] = Attr.S(Attr.Time(at)),
        }, cancellationToken);

    public Task FailAsync(Upload upload, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(upload, "SET #status = :failed, failure = :reason, updatedAt = :at", "#status IN (:pending, :processing)", new()
        {
            [":failed"] = Attr.S(Upload.StatusText(UploadStatus.Failed)),
            [":pending"] = Attr.S(Upload.StatusText(UploadStatus.Pending)),
            [":processing"] = Attr.S(Upload.StatusText(UploadStatus.Processing)),
            [":reason"] = Attr.S(reason),
            [":at"] = Attr.S(Attr.Time(at)),
        }, cancellationToken);

    private async Task<bool> UpdateAsync(Upload upload, string update, string condition, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table.Value,
                Key = ProductItems.Key(UserKey(upload.SellerId), UploadSortKey(upload.Id)),
                UpdateExpression = update,
                ConditionExpression = condition,
                ExpressionAttributeNames = new() { ["#status"] = "status" },
                ExpressionAttributeValues = values,
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> ToItem(Upload upload) => new()
    {
        ["PK"] = Attr.S(UserKey(upload.SellerId)),
        ["SK"] = Attr.S(UploadSortKey(upload.Id)),
        ["type"] = Attr.S("Upload"),
        ["id"] = Attr.S(upload.Id),
        ["sellerId"] = Attr.S(upload.SellerId),
        ["format"] = Attr.S(Upload.FormatText(upload.Format)),
        ["key"] = Attr.S(upload.Key),
        ["status"] = Attr.S(Upload.StatusText(upload.Status)),
        ["rowsTotal"] = Attr.N(upload.RowsTotal),
        ["rowsImported"] = Attr.N(upload.RowsImported),
        ["rowsFailed"] = Attr.N(upload.RowsFailed),
        ["checkpointOffset"] = Attr.N(upload.Checkpoint.Offset),
        ["checkpointRow"] = Attr.N(upload.Checkpoint.Row),
        ["reportParts"] = Attr.N(upload.Checkpoint.ReportParts),
        ["reportBytes"] = Attr.N(upload.Checkpoint.ReportBytes),
        ["createdAt"] = Attr.S(Attr.Time(upload.CreatedAt)),
        ["updatedAt"] = Attr.S(Attr.Time(upload.UpdatedAt)),
        ["expiresAt"] = Attr.N(upload.CreatedAt.Add(Retention).ToUnixTimeSeconds()),
    };

    private static Upload ToUpload(Dictionary<string, AttributeValue> item) => new(
        item.String("id"),
        item.String("sellerId"),
        item.String("format") == "jsonl" ? UploadFormat.Jsonl : UploadFormat.Csv,
        item.String("key"),
        Enum.Parse<UploadStatus>(item.String("status"), ignoreCase: true),
        item.Long("rowsTotal"),
        item.Long("rowsImported"),
        item.Long("rowsFailed"),
        new UploadCheckpoint(item.Long("checkpointOffset"), item.Long("checkpointRow"), (int)item.Long("reportParts"), item.Long("reportBytes")),
        item.OptionalString("contentTag"),
        item.OptionalString("errorReportKey"),
        item.OptionalString("failure"),
        item.OptionalString("duplicateOf"),
        Attr.ParseTime(item.String("createdAt")),
        Attr.ParseTime(item.String("updatedAt")));
}
