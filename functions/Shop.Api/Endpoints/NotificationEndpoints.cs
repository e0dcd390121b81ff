using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Notifications;

namespace Shop.Api.Endpoints;

public sealed record NotificationResponse(string Id, string Type, string Title, string? OrderId, DateTimeOffset CreatedAt);

public sealed record NotificationsResponse(IReadOnlyList<NotificationResponse> Items, string? NextCursor);

/// <summary>The signed-in member's in-app notifications.</summary>
public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/me/notifications", async Task<IResult> (HttpContext http, ListNotifications list, CancellationToken cancellationToken) =>
        {
            var (page, problem) = Paging.Read(http.Request);
            if (problem is not null)
            {
                return problem;
            }
            var found = await list.HandleAsync(http.Caller().UserId, page!, cancellationToken);
            return TypedResults.Ok(new NotificationsResponse(
                found.Items.Select(n => new NotificationResponse(n.Id, n.Type, n.Title, n.OrderId, n.CreatedAt)).ToList(), found.NextCursor));
        })
        .RequireAccess(Access.Member)
        .WithTags("Identity")
        .WithName("ListNotifications")
        .WithSummary("Your notifications (order updates), newest first; limit and cursor page.")
        .Produces<NotificationsResponse>()
        .ProducesValidationProblem();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NotificationsResponse))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
