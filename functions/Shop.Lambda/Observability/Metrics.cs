using System.Buffers;
using System.Text.Json;

namespace Shop.Lambda.Observability;

/// <summary>CloudWatch units a metric may carry (the EMF <c>Unit</c> values Shop uses).</summary>
public enum MetricUnit
{
    Count,
    Milliseconds,
    Bytes,
    None,
}

/// <summary>Records metrics for the current invocation; written out as one EMF record when the invocation ends.</summary>
public interface IMetrics
{
    void Add(string name, double value, MetricUnit unit = MetricUnit.Count);
}

/// <summary>
/// CloudWatch Embedded Metric Format: metrics travel as a structured log line with an
/// <c>_aws</c> directive, and CloudWatch extracts them asynchronously; no PutMetricData call on the
/// request path. One record per flush, dimensioned by service.
/// </summary>
public sealed class MetricsFlusher : IMetrics
{
    // EMF limits: 100 metrics per directive, 100 values per metric array.
    private const int MaxMetricsPerRecord = 100;
    private const int MaxValuesPerMetric = 100;

    private readonly StdoutSink _sink;
    private readonly string _namespace;
    private readonly string _service;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (MetricUnit Unit, List<double> Values)> _pending = new(StringComparer.Ordinal);

    public MetricsFlusher(StdoutSink sink, string metricsNamespace, string service, TimeProvider? time = null)
    {
        _sink = sink;
        _namespace = metricsNamespace;
        _service = service;
        _time = time ?? TimeProvider.System;
    }

    public void Add(string name, double value, MetricUnit unit = MetricUnit.Count)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            if (_pending.TryGetValue(name, out var existing) && existing.Values.Count >= MaxValuesPerMetric)
            {
                FlushLocked();
            }
            if (!_pending.TryGetValue(name, out var entry))
            {
                if (_pending.Count >= MaxMetricsPerRecord)
                {
                    FlushLocked();
                }
                entry = (unit, new List<double>());
                _pending[name] = entry;
            }
            entry.Values.Add(value);
        }
    }

    /// <summary>Writes the pending metrics as one EMF record; does nothing when none are pending.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", _time.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", _namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Service");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, entry) in _pending)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", entry.Unit.ToString());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteString("Service", _service);
            if (LogContext.RequestId is { } requestId)
            {
                json.WriteString("requestId", requestId);
            }
            if (LogContext.CorrelationId is { } correlationId)
            {
                json.WriteString("correlationId", correlationId);
            }
            foreach (var (name, entry) in _pending)
            {
                if (entry.Values.Count == 1)
                {
                    json.WriteNumber(name, entry.Values[0]);
                }
                else
                {
                    json.WriteStartArray(name);
                    foreach (var value in entry.Values)
                    {
                        json.WriteNumberValue(value);
                    }
                    json.WriteEndArray();
                }
            }
            json.WriteEndObject();
        }
        _pending.Clear();
        _sink.WriteLine(buffer.WrittenSpan);
    }
}
