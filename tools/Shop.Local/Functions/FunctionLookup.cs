using Shop.Local.Processes;

namespace Shop.Local.Functions;

/// <summary>
/// Finds the one function a person means: by its exact name, else by its handler (<c>api</c>),
/// else by a unique part of its name, since local names carry CDK's generated suffixes.
/// </summary>
public static class FunctionLookup
{
    public static T Pick<T>(IReadOnlyCollection<T> functions, Func<T, string> name, Func<T, string?> handler, string wanted)
    {
        var match = functions.Where(f => name(f) == wanted).ToList();
        if (match.Count == 0) match = functions.Where(f => handler(f) == wanted).ToList();
        if (match.Count == 0) match = functions.Where(f => name(f).Contains(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        return match.Count == 1
            ? match[0]
            : throw new PrerequisiteException($"No single function matches '{wanted}'; functions: {string.Join(", ", functions.Select(f => $"{name(f)} ({handler(f)})"))}.");
    }
}
