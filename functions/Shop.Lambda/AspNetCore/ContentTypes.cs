using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Shop.Lambda.AspNetCore;

/// <summary>Which bodies API Gateway carries as text; everything else travels base64-encoded.</summary>
public static class ContentTypes
{
    public static bool IsTextual(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }
        var type = media.Type;
        var subtype = media.SubTypeWithoutSuffix;
        var suffix = media.Suffix;
        return type.Equals("text", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("xml", StringComparison.OrdinalIgnoreCase)
            || (type.Equals("application", StringComparison.OrdinalIgnoreCase) && IsTextualApplicationType(subtype));
    }

    private static bool IsTextualApplicationType(StringSegment subtype) =>
        subtype.Equals("json", StringComparison.OrdinalIgnoreCase)
        || subtype.Equals("xml", StringComparison.OrdinalIgnoreCase)
        || subtype.Equals("javascript", StringComparison.OrdinalIgnoreCase)
        || subtype.Equals("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}
