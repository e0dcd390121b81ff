using Shop.Local.Deploy;

namespace Shop.Local.Edge;

public sealed record RouteMatch(HttpApiRoute Route, IReadOnlyDictionary<string, string> PathParameters);

/// <summary>
/// API Gateway's route selection for HTTP APIs: the most specific route wins (literal segments
/// over variables over a greedy {name+}), a route for the method over ANY, and $default last.
/// </summary>
public static class HttpApiRouter
{
    public static RouteMatch? Match(IEnumerable<HttpApiRoute> routes, string method, string rawPath)
    {
        var segments = Segments(rawPath);
        RouteMatch? best = null;
        int[]? bestScore = null;
        HttpApiRoute? fallback = null;
        foreach (var route in routes)
        {
            if (route.RouteKey == "$default")
            {
                fallback = route;
                continue;
            }
            var space = route.RouteKey.IndexOf(' ');
            var routeMethod = route.RouteKey[..space];
            if (routeMethod != "ANY" && !routeMethod.Equals(method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var score = Score(Segments(route.RouteKey[(space + 1)..]), segments, parameters);
            if (score is null)
            {
                continue;
            }
            score = [.. score, routeMethod == "ANY" ? 0 : 1];
            if (bestScore is null || Compare(score, bestScore) > 0)
            {
                best = new RouteMatch(route, parameters);
                bestScore = score;
            }
        }
        return best ?? (fallback is null ? null : new RouteMatch(fallback, new Dictionary<string, string>()));
    }

    private static int[]? Score(string[] pattern, string[] path, Dictionary<string, string> parameters)
    {
        var score = new List<int>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var part = pattern[i];
            if (part.StartsWith('{') && part.EndsWith("+}", StringComparison.Ordinal))
            {
                if (i >= path.Length)
                {
                    return null;
                }
                parameters[part[1..^2]] = Uri.UnescapeDataString(string.Join('/', path[i..]));
                score.Add(0);
                return [.. score];
            }
            if (i >= path.Length)
            {
                return null;
            }
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                parameters[part[1..^1]] = Uri.UnescapeDataString(path[i]);
                score.Add(1);
            }
            else if (part == path[i])
            {
                score.Add(2);
            }
            else
            {
                return null;
            }
        }
        return pattern.Length == path.Length ? [.. score] : null;
    }

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }
        return a.Length.CompareTo(b.Length);
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
