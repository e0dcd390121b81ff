namespace Shop.Core.Common;

/// <summary>One page of a listing, and the opaque cursor of the next one (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>What a caller asked for: at most <see cref="Limit"/> items after <see cref="Cursor"/>.</summary>
public sealed record PageRequest(int Limit, string? Cursor)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

/// <summary>A cursor that was not produced by the listing it is given to (tampered, truncated, from another listing).</summary>
public sealed class InvalidCursorException(string message) : Exception(message);
