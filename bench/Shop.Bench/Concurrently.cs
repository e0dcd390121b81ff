namespace Shop.Bench;

/// <summary>What the benches that drive a local environment share: bounded fan-out and cleaning up their state folder.</summary>
internal static class Concurrently
{
    /// <summary>Runs <paramref name="step"/> over the items, at most <paramref name="concurrency"/> at once; the results in completion order.</summary>
    public static async Task<List<TResult>> ForEachAsync<T, TResult>(IEnumerable<T> items, int concurrency, Func<T, Task<TResult>> step, CancellationToken cancellationToken)
    {
        var results = new List<TResult>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (item, _) =>
        {
            var result = await step(item);
            lock (results)
            {
                results.Add(result);
            }
        });
        return results;
    }

    /// <summary>Removes a bench's state folder; one still in use is left for the OS's temp cleanup.</summary>
    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
