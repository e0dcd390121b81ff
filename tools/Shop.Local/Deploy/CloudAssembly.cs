using System.Text.Json.Nodes;
using Shop.Local.Processes;

namespace Shop.Local.Deploy;

/// <summary>One stack's synthesized CloudFormation template.</summary>
public sealed record StackTemplate(string StackName, JsonObject Template)
{
    public JsonObject Resources => Template["Resources"] as JsonObject ?? [];
}

/// <summary>
/// The CDK app's synthesized output (cdk.out): the stacks in an order where every stack comes
/// after the stacks it imports from. This is the only list of resources the local environment has.
/// </summary>
public static class CloudAssembly
{
    private const string StackArtifactType = "aws:cloudformation:stack";

    public static IReadOnlyList<StackTemplate> Read(string directory)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            throw new PrerequisiteException($"No synthesized CDK app at {directory}: run `./shop synth` (or `npx cdk synth`) first.");
        }
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var artifacts = manifest["artifacts"]?.AsObject() ?? [];
        var stacks = artifacts
            .Where(a => (string?)a.Value?["type"] == StackArtifactType)
            .ToDictionary(
                a => a.Key,
                a => (Artifact: a.Value!.AsObject(), Dependencies: (a.Value!["dependencies"]?.AsArray() ?? []).Select(d => (string)d!).ToList()));

        var ordered = new List<StackTemplate>();
        var visiting = new HashSet<string>();
        var done = new HashSet<string>();
        void Visit(string id)
        {
            if (done.Contains(id) || !stacks.ContainsKey(id))
            {
                return;
            }
            if (!visiting.Add(id))
            {
                throw new InvalidOperationException($"Stacks depend on each other in a cycle through {id}.");
            }
            foreach (var dependency in stacks[id].Dependencies)
            {
                Visit(dependency);
            }
            var artifact = stacks[id].Artifact;
            var templateFile = (string)artifact["properties"]!["templateFile"]!;
            var stackName = (string?)artifact["properties"]!["stackName"] ?? id;
            var template = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, templateFile)))!.AsObject();
            ordered.Add(new StackTemplate(stackName, template));
            done.Add(id);
        }
        foreach (var id in stacks.Keys.Order(StringComparer.Ordinal))
        {
            Visit(id);
        }
        return ordered;
    }
}
