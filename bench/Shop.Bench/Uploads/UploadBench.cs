using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Shop.Core;
using Shop.Local;
using Shop.Local.Seeding;

namespace Shop.Bench.Uploads;

internal sealed record UploadFigures(
    int Rows, long FileBytes, TimeSpan RawElapsed, TimeSpan ImportElapsed, long RowsImported, long RowsFailed, long? ImporterPeakBytes, string FunctionMode, int UnansweredPolls);

/// <summary>
/// A bulk upload of a generated CSV through the real path (POST /seller/uploads, PUT to the presigned
/// URL, S3 event, queue, importer function, DynamoDB) until the upload is completed, against the
/// baseline: the same number of rows written as raw BatchWriteItem puts (25 a request, 8 in flight,
/// as the importer writes them) from the bench process to the same moto, in the same run, into a
/// table of their own that is dropped before the import starts.
/// </summary>
internal sealed class UploadBench(Action<string> progress)
{
    private const int Parallelism = 8;

    public async Task<UploadFigures> RunAsync(string repositoryRoot, int rows, CancellationToken cancellationToken)
    {
        var state = Path.Combine(Path.GetTempPath(), "shop-bench-uploads-" + Guid.NewGuid().ToString("N")[..8]);
        var options = LocalEnvironmentOptions.FromEnvironment(repositoryRoot, _ => null).OnFreePorts(state) with
        {
            CloudAssembly = Path.Combine(repositoryRoot, "cdk.out"),
            Log = new LocalPaths(repositoryRoot, state).LogWriter("environment"),
        };
        progress("uploads: starting a local environment (moto, PostgreSQL, the edge, the deployed templates)");
        try
        {
            await using var environment = await LocalEnvironment.StartAsync(options, cancellationToken);
            using var api = new HttpClient { BaseAddress = environment.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
            var file = Path.Combine(state, "catalog.csv");
            var category = DemoCatalog.Categories().First(c => DemoCatalog.Categories().All(o => o.ParentId != c.Id)).Id;
            var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
            await WriteCatalogAsync(file, rows, run, category, cancellationToken);
            progress($"uploads: {rows:N0} rows in {new FileInfo(file).Length:N0} bytes (two variants a product)");

            progress($"uploads: baseline, {rows:N0} raw BatchWriteItem puts, 25 a request, {Parallelism} in flight");
            // A table of its own with the single table's keys, deleted afterwards: the baseline's items
            // would otherwise sit in the table the import and the indexer then work on.
            var table = "bench-rows-" + run.ToLowerInvariant();
            await environment.Aws.DynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
                KeySchema = [new KeySchemaElement("PK", Amazon.DynamoDBv2.KeyType.HASH), new KeySchemaElement("SK", Amazon.DynamoDBv2.KeyType.RANGE)],
                AttributeDefinitions = [new AttributeDefinition("PK", Amazon.DynamoDBv2.ScalarAttributeType.S), new AttributeDefinition("SK", Amazon.DynamoDBv2.ScalarAttributeType.S)],
            }, cancellationToken);
            var raw = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, rows).Chunk(25), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (chunk, token) =>
                {
                    Dictionary<string, List<WriteRequest>>? pending = new()
                    {
                        [table] = chunk.Select(i => new WriteRequest { PutRequest = new PutRequest { Item = RawItem(run, i) } }).ToList(),
                    };
                    while (pending is not null)
                    {
                        var response = await environment.Aws.DynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, token);
                        pending = response.UnprocessedItems is { Count: > 0 } left && left.Values.Any(v => v.Count > 0) ? left : null;
                    }
                });
            raw.Stop();
            await environment.Aws.DynamoDb.DeleteTableAsync(table, cancellationToken);

            progress($"uploads: the seeded seller uploads the file through the Api and the presigned URL");
            using var login = await api.PostAsJsonAsync("/auth/login", new { email = SeedUsers.SellerEmail, password = options.SeedPassword }, cancellationToken);
            login.EnsureSuccessStatusCode();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString());
            using var started = await api.PostAsJsonAsync("/seller/uploads", new { format = "csv" }, cancellationToken);
            started.EnsureSuccessStatusCode();
            var upload = await started.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var id = upload.GetProperty("id").GetString();
            var clock = Stopwatch.StartNew();
            await using (var body = File.OpenRead(file))
            {
                using var content = new StreamContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                using var put = await new HttpClient { Timeout = TimeSpan.FromMinutes(5) }.PutAsync(upload.GetProperty("uploadUrl").GetString(), content, cancellationToken);
                put.EnsureSuccessStatusCode();
            }
            JsonElement done;
            var until = DateTime.UtcNow.AddMinutes(30);
            var unanswered = new List<string>();
            while (true)
            {
                // A poll that the Api could not answer (moto busy with the import) is noted and repeated, not fatal.
                using var poll = await api.GetAsync($"/seller/uploads/{id}", cancellationToken);
                if (!poll.IsSuccessStatusCode)
                {
                    unanswered.Add($"{(int)poll.StatusCode} {await poll.Content.ReadAsStringAsync(cancellationToken)}");
                    progress($"uploads: poll answered {unanswered[^1]}");
                    await Task.Delay(1000, cancellationToken);
                    continue;
                }
                done = await poll.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                var status = done.GetProperty("status").GetString();
                if (status is "completed" or "failed")
                {
                    break;
                }
                if (DateTime.UtcNow > until)
                {
                    throw new MeasurementInvalidException($"The upload was still {status} after 30 minutes ({done.GetProperty("rowsTotal").GetInt64()} rows read).");
                }
                await Task.Delay(250, cancellationToken);
            }
            clock.Stop();
            if (done.GetProperty("status").GetString() != "completed")
            {
                throw new MeasurementInvalidException($"The upload failed: {done}");
            }
            return new UploadFigures(rows, new FileInfo(file).Length, raw.Elapsed, clock.Elapsed,
                done.GetProperty("rowsImported").GetInt64(), done.GetProperty("rowsFailed").GetInt64(), ImporterPeakBytes(), options.FunctionMode.ToString(), unanswered.Count);
        }
        catch
        {
            // The environment's log says why; keep it where the run's output can point to it.
            var log = Path.Combine(state, "logs", "environment.log");
            if (File.Exists(log))
            {
                File.Copy(log, Path.Combine(Path.GetTempPath(), "shop-bench-uploads-failed.log"), overwrite: true);
                progress($"uploads: the environment's log is in {Path.Combine(Path.GetTempPath(), "shop-bench-uploads-failed.log")}");
            }
            throw;
        }
        finally
        {
            try
            {
                Directory.Delete(state, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task WriteCatalogAsync(string path, int rows, string run, string category, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteAsync("sku,name,price,currency,stock,category,product_id,description,brand,option1_name,option1_value\r\n");
        for (var i = 0; i < rows; i++)
        {
            var product = i / 2;
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"B{run}-{i:D7},Bench item {product},{(product % 5000) + 1}.99,EUR,{i % 100},{category},b{run}-{product},\"A generated item, number {product}\",Benchmark,colour,{(i % 2 == 0 ? "red" : "blue")}\r\n").AsMemory(), cancellationToken);
        }
    }

    private static Dictionary<string, AttributeValue> RawItem(string run, int i) => new()
    {
        ["PK"] = new AttributeValue($"BENCHROW#{run}-{i}"),
        ["SK"] = new AttributeValue("ROW"),
        ["type"] = new AttributeValue("Bench"),
        ["sku"] = new AttributeValue($"B{run}-{i:D7}"),
        ["price"] = new AttributeValue { M = new() { ["amount"] = new AttributeValue { N = "1999" }, ["currency"] = new AttributeValue("EUR") } },
        ["stock"] = new AttributeValue { N = (i % 100).ToString(CultureInfo.InvariantCulture) },
    };

    /// <summary>The importer function process's peak resident set (VmHWM), found by its handler among this machine's processes.</summary>
    private static long? ImporterPeakBytes()
    {
        long? peak = null;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var environment = File.ReadAllText(Path.Combine(directory, "environ"));
                if (!environment.Split('\0').Contains("_HANDLER=" + ShopNames.Handlers.ImportUploads))
                {
                    continue;
                }
                var line = File.ReadLines(Path.Combine(directory, "status")).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kib))
                {
                    peak = Math.Max(peak ?? 0, kib * 1024);
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
            }
        }
        return peak;
    }
}
