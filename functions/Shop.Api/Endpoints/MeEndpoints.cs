using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Identity;

namespace Shop.Api.Endpoints;

public sealed record ProfileUpdate(string? Name, string? Phone);

public sealed record SellerApplicationRequest(string? StoreName);

public sealed record SellerApplicationResponse(string UserId, string StoreName, string Status, DateTimeOffset AppliedAt, DateTimeOffset? DecidedAt);

public sealed record ProfileResponse(string Id, string Email, string? Name, string? Phone, string Status, IReadOnlyList<string> Roles, SellerApplicationResponse? SellerApplication);

public sealed record AddressRequest(string? Name, string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country, string? Phone, bool? IsDefault);

public sealed record AddressesResponse(IReadOnlyList<Address> Items);

/// <summary>The signed-in member's own data: profile, roles, addresses, seller application.</summary>
public static class MeEndpoints
{
    public static void MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/me").RequireAccess(Access.Member).WithTags("Identity");

        me.MapGet("/", async Task<IResult> (HttpContext http, GetMyProfile getProfile, IUserStore users, CancellationToken cancellationToken) =>
        {
            var caller = http.Caller();
            var profile = await getProfile.HandleAsync(caller, cancellationToken);
            var application = await users.GetApplicationAsync(caller.UserId, cancellationToken);
            return TypedResults.Ok(ToResponse(profile, caller, application));
        }).WithName("GetMe").WithSummary("Your profile, roles and seller application.");

        me.MapPut("/", async Task<IResult> (HttpContext http, UpdateMyProfile update, IUserStore users, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, IdentityJsonContext.Default.ProfileUpdate);
            if (problem is not null)
            {
                return problem;
            }
            var caller = http.Caller();
            var profile = await update.HandleAsync(caller, new ProfileChanges(body!.Name, body.Phone), cancellationToken);
            return TypedResults.Ok(ToResponse(profile, caller, await users.GetApplicationAsync(caller.UserId, cancellationToken)));
        }).WithName("UpdateMe").WithSummary("Changes your name or phone; email and roles are not yours to set here.");

        me.MapGet("/addresses", async Task<IResult> (HttpContext http, ManageAddresses addresses, CancellationToken cancellationToken) =>
            TypedResults.Ok(new AddressesResponse(await addresses.ListAsync(http.Caller(), cancellationToken))))
            .WithName("ListAddresses").WithSummary("Your saved addresses.");

        me.MapPost("/addresses", async Task<IResult> (HttpContext http, ManageAddresses addresses, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, IdentityJsonContext.Default.AddressRequest);
            if (problem is not null)
            {
                return problem;
            }
            var address = await addresses.AddAsync(http.Caller(), ToInput(body!), cancellationToken);
            return TypedResults.Created($"/me/addresses/{address.Id}", address);
        }).WithName("AddAddress").WithSummary("Saves an address (at most 20; the first becomes the default).");

        me.MapPut("/addresses/{id}", async Task<IResult> (string id, HttpContext http, ManageAddresses addresses, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, IdentityJsonContext.Default.AddressRequest);
            return problem ?? TypedResults.Ok(await addresses.UpdateAsync(http.Caller(), id, ToInput(body!), cancellationToken));
        }).WithName("UpdateAddress").WithSummary("Replaces one of your addresses.");

        me.MapDelete("/addresses/{id}", async Task<IResult> (string id, HttpContext http, ManageAddresses addresses, CancellationToken cancellationToken) =>
        {
            await addresses.RemoveAsync(http.Caller(), id, cancellationToken);
            return TypedResults.NoContent();
        }).WithName("RemoveAddress").WithSummary("Forgets one of your addresses.");

        me.MapPost("/seller-application", async Task<IResult> (HttpContext http, ApplyToSell apply, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(http.Request, IdentityJsonContext.Default.SellerApplicationRequest);
            if (problem is not null)
            {
                return problem;
            }
            var application = await apply.HandleAsync(http.Caller(), body!.StoreName, cancellationToken);
            return TypedResults.Accepted("/me/seller-application", ToResponse(application));
        }).WithName("ApplyToSell").WithSummary("Asks to become a seller; an admin approves or rejects.");

        me.MapGet("/seller-application", async Task<IResult> (HttpContext http, IUserStore users, CancellationToken cancellationToken) =>
            await users.GetApplicationAsync(http.Caller().UserId, cancellationToken) is { } application
                ? TypedResults.Ok(ToResponse(application))
                : Problems.NotFound("You have not applied to sell."))
            .WithName("GetSellerApplication").WithSummary("Your seller application and its decision.");
    }

    public static SellerApplicationResponse ToResponse(SellerApplication application) => new(
        application.UserId, application.StoreName, application.Status.ToString().ToLowerInvariant(), application.AppliedAt, application.DecidedAt);

    private static ProfileResponse ToResponse(UserProfile profile, Caller caller, SellerApplication? application) => new(
        profile.Id, profile.Email, profile.Name, profile.Phone, profile.Status.ToString().ToLowerInvariant(),
        caller.Roles.Order(StringComparer.Ordinal).ToList(), application is null ? null : ToResponse(application));

    private static AddressInput ToInput(AddressRequest body) =>
        new(body.Name, body.Line1, body.Line2, body.City, body.Region, body.PostalCode, body.Country, body.Phone, body.IsDefault);
}
