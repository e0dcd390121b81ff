namespace Shop.Core.Common;

/// <summary>
/// What a use case refuses, by field: keys are the request's JSON paths
/// (<c>variants[1].price.amount</c>), so the API can name them in its 400 answer.
/// </summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Collects field errors while a use case checks its input, then throws them all at once.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
        return this;
    }

    public Validation When(bool failed, string field, string message) => failed ? Add(field, message) : this;

    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}

/// <summary>The thing asked for does not exist, or the caller may not know it does (another seller's product).</summary>
public sealed class NotFoundException(string what) : Exception(what);

/// <summary>The request is valid but clashes with the current state (a taken SKU, a stale version).</summary>
public sealed class ConflictException(string message) : Exception(message);
