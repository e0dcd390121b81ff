using System.Text.Json.Nodes;
using Shop.Local.Functions;

namespace Shop.Local.Deploy;

/// <summary>
/// Creates the synthesized stacks' resources locally, in dependency order: tables, queues,
/// buckets, secrets, state machines and user pools in moto; the database in the local
/// PostgreSQL cluster; functions, event source mappings and HTTP APIs in the edge. Resource
/// types with nothing to emulate (IAM, VPC, log groups) answer Ref and Fn::GetAtt with stand-ins.
/// </summary>
public sealed class LocalDeployer(LocalResources resources, Action<string> log)
{
    public async Task<DeployedEnvironment> DeployAsync(IReadOnlyList<StackTemplate> stacks, CancellationToken cancellationToken)
    {
        var environment = new DeployedEnvironment();
        foreach (var stack in stacks)
        {
            var deployed = new Dictionary<string, DeployedResource>(StringComparer.Ordinal);
            environment.Stacks[stack.StackName] = deployed;
            var resolver = new TemplateResolver(stack.StackName, stack.Template, deployed, environment.Exports);
            foreach (var logicalId in DeploymentOrder(stack))
            {
                var definition = stack.Resources[logicalId]!.AsObject();
                if (definition["Condition"] is JsonValue condition && !resolver.IsConditionTrue((string)condition!))
                {
                    continue;
                }
                var type = (string)definition["Type"]!;
                var properties = resolver.Resolve(definition["Properties"]) as JsonObject ?? [];
                var context = new ResourceContext(stack.StackName, logicalId, type, properties, definition["Metadata"] as JsonObject, environment);
                deployed[logicalId] = await resources.CreateAsync(context, cancellationToken);
            }
            environment.Outputs[stack.StackName] = ResolveOutputs(stack, resolver, environment.Exports);
            log($"deployed {stack.StackName} ({deployed.Count} resources)");
        }
        return environment;
    }

    private static Dictionary<string, string> ResolveOutputs(StackTemplate stack, TemplateResolver resolver, Dictionary<string, string> exports)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, output) in stack.Template["Outputs"] as JsonObject ?? [])
        {
            if (output?["Condition"] is JsonValue condition && !resolver.IsConditionTrue((string)condition!))
            {
                continue;
            }
            var value = resolver.ResolveString(output!["Value"]);
            outputs[name] = value;
            if (output["Export"]?["Name"] is { } exportName)
            {
                exports[resolver.ResolveString(exportName)] = value;
            }
        }
        return outputs;
    }

    /// <summary>Resources after everything they refer to (Ref, Fn::GetAtt, Fn::Sub, DependsOn).</summary>
    private static List<string> DeploymentOrder(StackTemplate stack)
    {
        var all = stack.Resources;
        var order = new List<string>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = visiting, true = done
        void Visit(string id)
        {
            if (state.TryGetValue(id, out var done))
            {
                if (!done)
                {
                    throw new InvalidOperationException($"Resources in {stack.StackName} refer to each other in a cycle through {id}.");
                }
                return;
            }
            state[id] = false;
            var definition = all[id]!.AsObject();
            var dependsOn = definition["DependsOn"] switch
            {
                JsonArray array => array.Select(d => (string)d!),
                JsonValue single => [(string)single!],
                _ => [],
            };
            var references = TemplateResolver.References(definition["Properties"]).Concat(dependsOn).Where(all.ContainsKey);
            foreach (var dependency in references.Distinct())
            {
                Visit(dependency);
            }
            state[id] = true;
            order.Add(id);
        }
        foreach (var (id, _) in all)
        {
            Visit(id);
        }
        return order;
    }
}

/// <summary>One resource to create: its resolved properties and the environment deployed so far.</summary>
public sealed record ResourceContext(
    string StackName,
    string LogicalId,
    string Type,
    JsonObject Properties,
    JsonObject? Metadata,
    DeployedEnvironment Environment)
{
    public string? Property(string name) => Properties[name] is { } value ? DeployedEnvironment.Text(value) : null;

    /// <summary>The name AWS would generate when the template names none: stack and logical id, within the type's length limit.</summary>
    public string PhysicalName(int maxLength, bool lowercase = false)
    {
        var name = $"{StackName}-{LogicalId}";
        if (lowercase)
        {
            name = name.ToLowerInvariant();
        }
        return name.Length <= maxLength ? name : name[..maxLength];
    }
}
