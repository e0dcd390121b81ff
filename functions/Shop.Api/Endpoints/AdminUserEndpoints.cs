using Shop.Api.Http;
using Shop.Core.Common;
using Shop.Core.Identity;

namespace Shop.Api.Endpoints;

public sealed record SellerApplicationsResponse(IReadOnlyList<SellerApplicationResponse> Items, string? NextCursor);

public sealed record UserStatusResponse(string Id, string Status);

/// <summary>Admins decide seller applications and block or unblock users.</summary>
public static class AdminUserEndpoints
{
    public static void MapAdminUserEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAccess(Access.Admin).WithTags("Administration");

        admin.MapGet("/seller-applications", async Task<IResult> (HttpRequest request, IUserStore users, CancellationToken cancellationToken) =>
        {
            var (page, problem) = Paging.Read(request);
            if (problem is not null)
            {
                return problem;
            }
            if (!Enum.TryParse<SellerApplicationStatus>(request.Query["status"].FirstOrDefault() ?? "pending", ignoreCase: true, out var status)
                || !Enum.IsDefined(status))
            {
                return Problems.Validation("status", "Must be pending, approved or rejected.");
            }
            var found = await users.ListApplicationsAsync(status, page!, cancellationToken);
            return TypedResults.Ok(new SellerApplicationsResponse(found.Items.Select(MeEndpoints.ToResponse).ToList(), found.NextCursor));
        }).WithName("ListSellerApplications").WithSummary("Seller applications by status (pending first by default), oldest first.");

        admin.MapPost("/seller-applications/{userId}/approve", (string userId, HttpContext http, DecideSellerApplication decide, CancellationToken cancellationToken) =>
            DecideAsync(userId, http, decide, approve: true, cancellationToken))
            .WithName("ApproveSeller").WithSummary("Makes the applicant a seller (from their next sign-in or token refresh).");

        admin.MapPost("/seller-applications/{userId}/reject", (string userId, HttpContext http, DecideSellerApplication decide, CancellationToken cancellationToken) =>
            DecideAsync(userId, http, decide, approve: false, cancellationToken))
            .WithName("RejectSeller").WithSummary("Turns the application down; the member may apply again.");

        admin.MapPost("/users/{id}/block", (string id, HttpContext http, ChangeUserStatus change, CancellationToken cancellationToken) =>
            ChangeAsync(id, http, change, UserStatus.Blocked, cancellationToken))
            .WithName("BlockUser").WithSummary("Refuses the user's every request within seconds, tokens already issued included.");

        admin.MapPost("/users/{id}/unblock", (string id, HttpContext http, ChangeUserStatus change, CancellationToken cancellationToken) =>
            ChangeAsync(id, http, change, UserStatus.Active, cancellationToken))
            .WithName("UnblockUser").WithSummary("Restores the user's access.");
    }

    private static async Task<IResult> DecideAsync(string userId, HttpContext http, DecideSellerApplication decide, bool approve, CancellationToken cancellationToken) =>
        TypedResults.Ok(MeEndpoints.ToResponse(await decide.HandleAsync(http.Caller(), userId, approve, cancellationToken)));

    private static async Task<IResult> ChangeAsync(string id, HttpContext http, ChangeUserStatus change, UserStatus status, CancellationToken cancellationToken)
    {
        var profile = await change.HandleAsync(http.Caller(), id, status, cancellationToken);
        return TypedResults.Ok(new UserStatusResponse(profile.Id, profile.Status.ToString().ToLowerInvariant()));
    }
}
