using Microsoft.AspNetCore.Http.Features;

namespace Shop.Api.Http;

/// <summary>
/// Bodies over 1 MB are refused with 413 before anything reads them: by Content-Length when the
/// client declares one, and by counting otherwise. Kestrel's own limit does the counting there;
/// under Lambda the bridge's body is already in memory, so the declared or actual length decides.
/// </summary>
public static class BodySizeLimit
{
    public const long MaxBytes = 1024 * 1024;

    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var length = context.Request.ContentLength ?? (context.Request.Body.CanSeek ? context.Request.Body.Length : null);
        if (length > MaxBytes)
        {
            await Problems.PayloadTooLarge(MaxBytes).ExecuteAsync(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes;
        }
        await next(context);
    });
}
