using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Shop.Integration.Tests.Support;

/// <summary>Makes tokens signed with moto's Cognito key (see forge_token.py), and unsigned or tampered ones.</summary>
public static class TokenForge
{
    public static async Task<string> SignAsync(object header, object claims)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "forge_token.py");
        var start = new ProcessStartInfo("python3", [script, JsonSerializer.Serialize(header), JsonSerializer.Serialize(claims)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        var token = (await python.StandardOutput.ReadToEndAsync()).Trim();
        var errors = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        return python.ExitCode == 0 ? token : throw new InvalidOperationException($"forge_token.py failed: {errors}");
    }

    /// <summary>The same claims under a header that says no signature is needed.</summary>
    public static string Unsigned(string token)
    {
        var parts = token.Split('.');
        return $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.";
    }

    /// <summary>One claim changed after signing: the signature no longer matches.</summary>
    public static string WithClaim(string token, string name, object value)
    {
        var parts = token.Split('.');
        var claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Decode(parts[1]))!;
        claims[name] = JsonSerializer.SerializeToElement(value);
        return $"{parts[0]}.{Encode(JsonSerializer.Serialize(claims))}.{parts[2]}";
    }

    public static Dictionary<string, JsonElement> Claims(string token) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Decode(token.Split('.')[1]))!;

    private static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string part)
    {
        var padded = part.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }
}
