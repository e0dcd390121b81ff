using System.Text.Json.Serialization;
using Shop.Api.Http;
using Shop.Core.Identity;

namespace Shop.Api.Endpoints;

public sealed record Credentials(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record RegisteredResponse(string Id, string Email);

public sealed record SessionResponse(string AccessToken, string IdToken, string? RefreshToken, int ExpiresIn);

/// <summary>Sign-up and sign-in through the user pool; the tokens are the pool's own.</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth").RequireAccess(Access.Public).WithTags("Identity");

        auth.MapPost("/register", async Task<IResult> (HttpRequest request, RegisterMember register, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(request, IdentityJsonContext.Default.Credentials);
            if (problem is not null)
            {
                return problem;
            }
            var profile = await register.HandleAsync(body!.Email, body.Password, cancellationToken);
            return TypedResults.Created("/me", new RegisteredResponse(profile.Id, profile.Email));
        })
        .WithName("Register")
        .WithSummary("Creates a member account from an email and a password.")
        .Produces<RegisteredResponse>(StatusCodes.Status201Created);

        auth.MapPost("/login", async Task<IResult> (HttpRequest request, SignIn signIn, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(request, IdentityJsonContext.Default.Credentials);
            return problem ?? TypedResults.Ok(ToResponse(await signIn.HandleAsync(body!.Email, body.Password, cancellationToken)));
        })
        .WithName("Login")
        .WithSummary("Signs in; the access token goes in Authorization: Bearer.")
        .Produces<SessionResponse>();

        auth.MapPost("/refresh", async Task<IResult> (HttpRequest request, RefreshSession refresh, CancellationToken cancellationToken) =>
        {
            var (body, problem) = await JsonBody.ReadAsync(request, IdentityJsonContext.Default.RefreshRequest);
            return problem ?? TypedResults.Ok(ToResponse(await refresh.HandleAsync(body!.RefreshToken, cancellationToken)));
        })
        .WithName("RefreshSession")
        .WithSummary("New access and ID tokens from a refresh token.")
        .Produces<SessionResponse>();
    }

    private static SessionResponse ToResponse(Session session) =>
        new(session.AccessToken, session.IdToken, session.RefreshToken, session.ExpiresIn);
}
