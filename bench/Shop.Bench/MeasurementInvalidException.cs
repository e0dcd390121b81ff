namespace Shop.Bench;

/// <summary>What was measured is not what the figure would claim (the paths compared answer differently).</summary>
internal sealed class MeasurementInvalidException(string message) : Exception(message);
