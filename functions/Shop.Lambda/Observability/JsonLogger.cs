using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Shop.Lambda.Observability;

/// <summary>
/// One JSON object per log line, in the shape CloudWatch Logs Insights reads well: timestamp,
/// level, logger, message, requestId, correlationId, the message template's named values and, for
/// errors, the exception.
/// </summary>
public sealed class JsonLoggerProvider : ILoggerProvider
{
    private readonly StdoutSink _sink;
    private readonly TimeProvider _time;

    public JsonLoggerProvider(StdoutSink sink, TimeProvider? time = null)
    {
        _sink = sink;
        _time = time ?? TimeProvider.System;
    }

    public ILogger CreateLogger(string categoryName) => new JsonLogger(categoryName, _sink, _time);

    public void Dispose() { }
}

internal sealed class JsonLogger(string category, StdoutSink sink, TimeProvider time) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
            json.WriteString("level", logLevel.ToString());
            json.WriteString("logger", category);
            json.WriteString("message", formatter(state, exception));
            WriteIfSet(json, "requestId", LogContext.RequestId);
            WriteIfSet(json, "correlationId", LogContext.CorrelationId);
            if (eventId.Id != 0)
            {
                json.WriteNumber("eventId", eventId.Id);
            }
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key is "{OriginalFormat}" or "requestId" or "correlationId" or "message" or "level")
                    {
                        continue;
                    }
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            if (exception is not null)
            {
                json.WriteString("errorType", exception.GetType().FullName);
                json.WriteString("exception", exception.ToString());
            }
            json.WriteEndObject();
        }
        sink.WriteLine(buffer.WrittenSpan);
    }

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}

public static class JsonLoggingExtensions
{
    /// <summary>
    /// Replaces the default providers with the JSON line logger on stdout. The framework's own
    /// per-request chatter is kept to warnings: in Lambda every line is paid for.
    /// </summary>
    public static ILoggingBuilder AddShopJsonLogging(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        logging.AddFilter("System", LogLevel.Warning);
        logging.Services.TryAddSingleton(StdoutSink.Shared);
        logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, JsonLoggerProvider>(
            services => new JsonLoggerProvider(services.GetRequiredService<StdoutSink>())));
        return logging;
    }
}
