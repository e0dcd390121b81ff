namespace Shop.Workers;

/// <summary>What an EventBridge schedule sends (a "Scheduled Event"); the scheduled handlers need none of it.</summary>
public sealed record ScheduledEvent;
