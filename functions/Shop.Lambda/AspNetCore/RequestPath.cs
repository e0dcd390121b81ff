using Microsoft.AspNetCore.Http;

namespace Shop.Lambda.AspNetCore;

/// <summary>
/// Turns a raw request path into <see cref="HttpRequest.Path"/> the way Kestrel does, so routes and
/// path-based checks see the same value in both hosts: percent-decoded as UTF-8 except <c>%2F</c>
/// (decoding it would change the segments), then with <c>.</c> and <c>..</c> segments removed.
/// </summary>
internal static class RequestPath
{
    /// <exception cref="BadHttpRequestException">The path encodes a NUL, which Kestrel refuses with 400.</exception>
    public static string Decode(string rawPath)
    {
        string decoded;
        try
        {
            decoded = PathString.FromUriComponent(rawPath).Value ?? "/";
        }
        catch (InvalidOperationException error)
        {
            throw new BadHttpRequestException(error.Message, StatusCodes.Status400BadRequest, error);
        }
        return RemoveDotSegments(decoded);
    }

    internal static string RemoveDotSegments(string path)
    {
        if (!path.Contains("/.", StringComparison.Ordinal))
        {
            return path;
        }

        var segments = path.Split('/');
        var output = new List<string>(segments.Length);
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment is "." or "..")
            {
                if (segment == ".." && output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
                // A trailing dot segment still names a directory: "/a/b/.." is "/a/".
                if (last)
                {
                    output.Add("");
                }
                continue;
            }
            output.Add(segment);
        }
        return "/" + string.Join('/', output);
    }
}
