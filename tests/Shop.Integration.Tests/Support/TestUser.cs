using System.Net.Http.Headers;

namespace Shop.Integration.Tests.Support;

/// <summary>A user signed in for a test: their id (the pool's sub), tokens, and a client sending the access token.</summary>
public sealed record TestUser(string Id, string Email, string Password, string AccessToken, string IdToken, string? RefreshToken, HttpClient Client)
{
    public static HttpClient ClientWith(Uri api, string accessToken)
    {
        var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
