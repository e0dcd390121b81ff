namespace Shop.Core.Common;

/// <summary>What was read changed before the conditional write landed; read again and retry.</summary>
public sealed class ConcurrentChangeException(string message) : Exception(message);

public static class Retry
{
    public const int Attempts = 3;

    /// <summary>
    /// Runs a read-decide-write step again while its write finds the data changed since the read:
    /// each attempt decides on fresh data, so no change is lost. After <see cref="Attempts"/>
    /// the caller is told to try again later.
    /// </summary>
    public static async Task<T> OnConcurrentChangeAsync<T>(string what, Func<Task<T>> step)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (ConcurrentChangeException) when (attempt < Attempts)
            {
            }
            catch (ConcurrentChangeException)
            {
                throw new ConflictException($"The {what} kept changing while this request was applied; try again.");
            }
        }
    }
}
