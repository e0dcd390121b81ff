using System.Text;
using Shop.Lambda.Aws;

namespace Shop.Lambda.Tests.Aws.Support;

/// <summary>One case of the AWS SigV4 test suite, read from SigV4Vectors/&lt;name&gt;/&lt;name&gt;.*.</summary>
internal sealed record SigV4SuiteVector(
    string Name,
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    bool HasFoldedHeader,
    string CanonicalRequest,
    string StringToSign,
    string Authorization)
{
    public static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    public static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    public const string Region = "us-east-1";
    public const string Service = "service";

    private static string Directory => Path.Combine(AppContext.BaseDirectory, "Aws", "SigV4Vectors");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetDirectories(Directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static SigV4SuiteVector Load(string name)
    {
        string Read(string extension) => File.ReadAllText(Path.Combine(Directory, name, $"{name}.{extension}")).ReplaceLineEndings("\n");
        var (method, target, headers, body, folded) = ParseRequest(Read("req"));
        return new SigV4SuiteVector(name, method, target, headers, body, folded, Read("creq"), Read("sts"), Read("authz"));
    }

    public string RequestPath => Target.Split('?', 2)[0];

    public string RequestQuery => Target.Contains('?') ? Target.Split('?', 2)[1] : "";

    public SigV4Request ToSigV4Request() => new(Method, RequestPath, RequestQuery, Headers, SigV4Signer.HashPayload(Body));

    /// <summary>The request line, header lines (a line starting with whitespace continues the previous header as another value), blank line, body.</summary>
    private static (string Method, string Target, List<KeyValuePair<string, string>> Headers, byte[] Body, bool Folded) ParseRequest(string text)
    {
        var blank = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = blank < 0 ? text : text[..blank];
        var body = blank < 0 ? "" : text[(blank + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        // The target may itself contain spaces (get-space): it runs up to the protocol version.
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];

        var headers = new List<KeyValuePair<string, string>>();
        var folded = false;
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith(' ') || line.StartsWith('\t'))
            {
                folded = true;
                headers.Add(new(headers[^1].Key, line.Trim()));
                continue;
            }
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }
        return (method, target, headers, Encoding.UTF8.GetBytes(body), folded);
    }
}
