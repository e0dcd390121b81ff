namespace Shop.Lambda.Runtime;

/// <summary>
/// The handlers one function binary carries, by the name Lambda passes in <c>_HANDLER</c>.
/// </summary>
public sealed class HandlerRegistry
{
    public const string EnvironmentVariable = "_HANDLER";

    private readonly Dictionary<string, Func<IServiceProvider, ILambdaHandler>> _factories = new(StringComparer.Ordinal);

    public HandlerRegistry Add(string name, Func<IServiceProvider, ILambdaHandler> factory)
    {
        if (!_factories.TryAdd(name, factory))
        {
            throw new ArgumentException($"A handler named '{name}' is already registered.", nameof(name));
        }
        return this;
    }

    public IReadOnlyCollection<string> Names => _factories.Keys;

    /// <summary>Creates the handler named by <paramref name="name"/>, or explains which names exist.</summary>
    public ILambdaHandler Create(string? name, IServiceProvider services)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UnknownHandlerException($"{EnvironmentVariable} is not set; this binary carries: {string.Join(", ", Names.Order())}.");
        }
        if (!_factories.TryGetValue(name, out var factory))
        {
            throw new UnknownHandlerException($"No handler named '{name}'; this binary carries: {string.Join(", ", Names.Order())}.");
        }
        return factory(services);
    }
}

public sealed class UnknownHandlerException(string message) : Exception(message);
