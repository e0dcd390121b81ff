using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Shop.Lambda.Runtime;

/// <summary>One Lambda handler: the raw event in, the raw response out.</summary>
public interface ILambdaHandler
{
    Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A handler whose event and result are JSON types known to a source-generated context, so
/// nothing here needs reflection.
/// </summary>
public abstract class JsonLambdaHandler<TEvent, TResult> : ILambdaHandler
{
    private readonly JsonTypeInfo<TEvent> _eventType;
    private readonly JsonTypeInfo<TResult> _resultType;

    protected JsonLambdaHandler(JsonTypeInfo<TEvent> eventType, JsonTypeInfo<TResult> resultType)
    {
        _eventType = eventType;
        _resultType = resultType;
    }

    public async Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaContext context, CancellationToken cancellationToken)
    {
        var input = Deserialize(payload);
        var result = await HandleAsync(input, context, cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(result, _resultType);
    }

    protected abstract Task<TResult> HandleAsync(TEvent input, LambdaContext context, CancellationToken cancellationToken);

    private TEvent Deserialize(ReadOnlyMemory<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload.Span, _eventType)
                ?? throw new InvalidEventException($"The event is null; expected {typeof(TEvent).Name}.");
        }
        catch (JsonException error)
        {
            throw new InvalidEventException($"The event is not a valid {typeof(TEvent).Name}: {error.Message}", error);
        }
    }
}

/// <summary>The event could not be read as the handler's input type; reported as a function error, never retried blindly.</summary>
public sealed class InvalidEventException : Exception
{
    public InvalidEventException(string message, Exception? inner = null) : base(message, inner) { }
}
