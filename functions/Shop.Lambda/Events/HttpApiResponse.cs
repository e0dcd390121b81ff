namespace Shop.Lambda.Events;

/// <summary>
/// The structured payload 2.0 response. API Gateway turns each <see cref="Cookies"/> entry into
/// its own <c>Set-Cookie</c> header; <see cref="Headers"/> holds one (comma-joined) value per name.
/// </summary>
public sealed record HttpApiResponse
{
    public int StatusCode { get; init; }
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public IReadOnlyList<string>? Cookies { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }
}
