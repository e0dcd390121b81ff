using System.Text;

namespace Shop.Lambda.Aws;

/// <summary>The canonical forms of a request's parts that Signature Version 4 hashes.</summary>
internal static class SigV4Canonical
{
    private const string HexUpper = "0123456789ABCDEF";

    /// <summary>RFC 3986 percent-encoding of UTF-8 bytes: only unreserved characters stay as they are, hex digits upper case.</summary>
    public static string Encode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var encoded = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
            }
        }
        return encoded.ToString();
    }

    /// <summary>
    /// The canonical URI of a path as it travels on the wire. S3 takes the object key as it is,
    /// encoded once. Every other service normalizes the path (RFC 3986 dot segments, empty
    /// segments) and encodes the already-encoded wire path a second time.
    /// </summary>
    public static string Path(string wirePath, bool s3)
    {
        if (wirePath.Length == 0)
        {
            return "/";
        }
        var segments = wirePath.Split('/');
        if (s3)
        {
            // Split before unescaping, so an encoded slash (%2F) stays inside its segment.
            return string.Join('/', segments.Select(segment => Encode(Uri.UnescapeDataString(segment))));
        }
        return NormalizedPath(segments);
    }

    /// <summary>Query parameters decoded, re-encoded, sorted by name then value; a parameter without a value gets an empty one.</summary>
    public static string Query(string wireQuery)
    {
        var query = wireQuery.StartsWith('?') ? wireQuery[1..] : wireQuery;
        var parameters = new List<(string Name, string Value)>();
        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            parameters.Add((Encode(Uri.UnescapeDataString(name)), Encode(Uri.UnescapeDataString(value))));
        }
        parameters.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', parameters.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>
    /// Header names lower-cased and sorted; the values of a repeated header joined by commas in
    /// the order they came, each trimmed with inner runs of spaces collapsed to one.
    /// </summary>
    public static (string Canonical, string Signed) Headers(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(key, out var values))
            {
                values = [];
                byName[key] = values;
            }
            values.Add(TrimAll(value));
        }
        var canonical = new StringBuilder();
        foreach (var (name, values) in byName)
        {
            canonical.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }
        return (canonical.ToString(), string.Join(';', byName.Keys));
    }

    public static string TrimAll(string value)
    {
        var trimmed = new StringBuilder(value.Length);
        var inWhitespace = false;
        foreach (var c in value.AsSpan().Trim(" \t"))
        {
            var isWhitespace = c is ' ' or '\t';
            if (!isWhitespace || !inWhitespace)
            {
                trimmed.Append(isWhitespace ? ' ' : c);
            }
            inWhitespace = isWhitespace;
        }
        return trimmed.ToString();
    }

    private static string NormalizedPath(string[] segments)
    {
        var kept = new List<string>(segments.Length);
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case "" or ".":
                    break;
                case "..":
                    if (kept.Count > 0)
                    {
                        kept.RemoveAt(kept.Count - 1);
                    }
                    break;
                default:
                    kept.Add(Encode(segment));
                    break;
            }
        }
        if (kept.Count == 0)
        {
            return "/";
        }
        var endsInDirectory = segments[^1] is "" or "." or "..";
        return "/" + string.Join('/', kept) + (endsInDirectory ? "/" : "");
    }

    private static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~';
}
