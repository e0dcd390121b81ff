using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Shop.Local.Deploy;

/// <summary>What a deployed resource answers to <c>Ref</c> and <c>Fn::GetAtt</c>.</summary>
public sealed record DeployedResource(string Type, string Ref, IReadOnlyDictionary<string, string> Attributes, string? AnyAttribute = null);

/// <summary>
/// Evaluates CloudFormation intrinsic functions in a template against what has been deployed
/// locally: Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::ImportValue,
/// Fn::FindInMap, Fn::GetAZs, Fn::If and the condition functions, and the pseudo parameters.
/// </summary>
public sealed partial class TemplateResolver(
    string stackName,
    JsonObject template,
    IReadOnlyDictionary<string, DeployedResource> resources,
    IReadOnlyDictionary<string, string> exports)
{
    /// <summary>Marks a value removed with AWS::NoValue.</summary>
    private static readonly JsonNode NoValue = JsonValue.Create("\u0000AWS::NoValue\u0000")!;

    public JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count == 1 && IsIntrinsic(obj.First().Key):
                return ResolveIntrinsic(obj.First().Key, obj.First().Value);
            case JsonObject obj:
                var resolvedObject = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var resolved = Resolve(value);
                    if (!IsNoValue(resolved))
                    {
                        resolvedObject[key] = resolved;
                    }
                }
                return resolvedObject;
            case JsonArray array:
                var resolvedArray = new JsonArray();
                foreach (var item in array)
                {
                    var resolved = Resolve(item);
                    if (!IsNoValue(resolved))
                    {
                        resolvedArray.Add(resolved);
                    }
                }
                return resolvedArray;
            default:
                return node?.DeepClone();
        }
    }

    public string ResolveString(JsonNode? node) => Stringify(Resolve(node));

    public bool IsConditionTrue(string name)
    {
        var condition = template["Conditions"]?[name] ?? throw new InvalidOperationException($"Unknown condition {name} in {stackName}.");
        return EvaluateCondition(condition);
    }

    /// <summary>The logical ids a node refers to (Ref, Fn::GetAtt, Fn::Sub variables): the resource's dependencies.</summary>
    public static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "Ref" && value is JsonValue refValue)
                    {
                        yield return (string)refValue!;
                    }
                    else if (key == "Fn::GetAtt")
                    {
                        yield return value is JsonArray parts ? (string)parts[0]! : ((string)value!).Split('.')[0];
                    }
                    else if (key == "Fn::Sub")
                    {
                        var text = value is JsonArray subParts ? (string)subParts[0]! : (string)value!;
                        foreach (Match match in SubVariable().Matches(text))
                        {
                            yield return match.Groups[1].Value.Split('.')[0];
                        }
                        if (value is JsonArray withVariables)
                        {
                            foreach (var reference in References(withVariables[1]))
                            {
                                yield return reference;
                            }
                        }
                    }
                    else
                    {
                        foreach (var reference in References(value))
                        {
                            yield return reference;
                        }
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var reference in References(item))
                    {
                        yield return reference;
                    }
                }
                break;
        }
    }

    private static bool IsIntrinsic(string key) => key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal) || key == "Condition";

    private static bool IsNoValue(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s == (string)NoValue!;

    private JsonNode? ResolveIntrinsic(string function, JsonNode? argument)
    {
        switch (function)
        {
            case "Ref":
                return Ref((string)argument!);
            case "Fn::GetAtt":
                var parts = argument is JsonArray array ? array.Select(p => ResolveString(p)).ToArray() : ((string)argument!).Split('.', 2);
                return GetAtt(parts[0], string.Join('.', parts.Skip(1)));
            case "Fn::Join":
                var join = argument!.AsArray();
                var separator = (string)join[0]!;
                var items = Resolve(join[1])!.AsArray().Select(Stringify);
                return string.Join(separator, items);
            case "Fn::Sub":
                return Sub(argument!);
            case "Fn::Select":
                var select = argument!.AsArray();
                var index = int.Parse(ResolveString(select[0]), System.Globalization.CultureInfo.InvariantCulture);
                return Resolve(select[1])!.AsArray()[index]?.DeepClone();
            case "Fn::Split":
                var split = argument!.AsArray();
                return new JsonArray(ResolveString(split[1]).Split((string)split[0]!).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
            case "Fn::ImportValue":
                var exportName = ResolveString(argument);
                return exports.TryGetValue(exportName, out var exported)
                    ? exported
                    : throw new InvalidOperationException($"{stackName} imports '{exportName}', which no earlier stack exports.");
            case "Fn::FindInMap":
                var map = argument!.AsArray();
                return Resolve(template["Mappings"]?[ResolveString(map[0])]?[ResolveString(map[1])]?[ResolveString(map[2])]);
            case "Fn::GetAZs":
                return new JsonArray(LocalAws.Region + "a", LocalAws.Region + "b", LocalAws.Region + "c");
            case "Fn::Base64":
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(ResolveString(argument)));
            case "Fn::If":
                var branches = argument!.AsArray();
                return Resolve(IsConditionTrue((string)branches[0]!) ? branches[1] : branches[2]);
            case "Fn::Equals" or "Fn::Not" or "Fn::And" or "Fn::Or" or "Condition":
                return EvaluateCondition(new JsonObject { [function] = argument?.DeepClone() });
            default:
                throw new NotSupportedException($"The local environment does not evaluate {function} (in {stackName}).");
        }
    }

    private bool EvaluateCondition(JsonNode condition)
    {
        if (condition is JsonValue literal)
        {
            return literal.TryGetValue<bool>(out var flag) ? flag : string.Equals((string?)literal, "true", StringComparison.OrdinalIgnoreCase);
        }
        var (function, argument) = condition.AsObject().First();
        return function switch
        {
            "Fn::Equals" => ResolveString(argument![0]) == ResolveString(argument[1]),
            "Fn::Not" => !EvaluateCondition(argument![0]!),
            "Fn::And" => argument!.AsArray().All(c => EvaluateCondition(c!)),
            "Fn::Or" => argument!.AsArray().Any(c => EvaluateCondition(c!)),
            "Condition" => IsConditionTrue((string)argument!),
            _ => bool.TryParse(ResolveString(condition), out var value) && value,
        };
    }

    private JsonNode Ref(string name) => name switch
    {
        "AWS::Region" => LocalAws.Region,
        "AWS::AccountId" => LocalAws.AccountId,
        "AWS::Partition" => "aws",
        "AWS::URLSuffix" => "amazonaws.com",
        "AWS::StackName" => stackName,
        "AWS::StackId" => $"arn:aws:cloudformation:{LocalAws.Region}:{LocalAws.AccountId}:stack/{stackName}/local",
        "AWS::NoValue" => NoValue.DeepClone(),
        "AWS::NotificationARNs" => new JsonArray(),
        _ when resources.TryGetValue(name, out var resource) => resource.Ref,
        _ when template["Parameters"]?[name] is JsonObject parameter => parameter["Default"]?.DeepClone() ?? "",
        _ => throw new InvalidOperationException($"{stackName} refers to '{name}', which is not deployed (yet)."),
    };

    private JsonNode GetAtt(string logicalId, string attribute)
    {
        if (!resources.TryGetValue(logicalId, out var resource))
        {
            throw new InvalidOperationException($"{stackName} reads {logicalId}.{attribute}, but {logicalId} is not deployed (yet).");
        }
        return resource.Attributes.TryGetValue(attribute, out var value) ? value
            : resource.AnyAttribute is { } standIn ? standIn
            : throw new InvalidOperationException($"The local environment does not know {resource.Type} attribute {attribute} (of {logicalId} in {stackName}).");
    }

    private JsonNode Sub(JsonNode argument)
    {
        var text = argument is JsonArray array ? (string)array[0]! : (string)argument!;
        var variables = argument is JsonArray withVariables && withVariables[1] is JsonObject map
            ? map.ToDictionary(v => v.Key, v => ResolveString(v.Value))
            : [];
        return SubVariable().Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            if (name.StartsWith('!'))
            {
                return "${" + name[1..] + "}";
            }
            if (variables.TryGetValue(name, out var value))
            {
                return value;
            }
            var dot = name.IndexOf('.');
            return dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal)
                ? Stringify(GetAtt(name[..dot], name[(dot + 1)..]))
                : Stringify(Ref(name));
        });
    }

    private static string Stringify(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubVariable();
}
