using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Shop.Infra;

// jsii drives one JavaScript host per process and does not take concurrent calls.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Shop.Infra.Tests;

/// <summary>
/// The app's stacks built once, in-process, the way Program.cs builds them, with bundling skipped
/// so no AOT binary is published.
/// </summary>
public sealed class ShopApp
{
    public ShopStacks Stacks { get; }
    public Template Data { get; }
    public Template Identity { get; }
    public Template Workflow { get; }
    public Template Search { get; }
    public Template Orders { get; }
    public Template Uploads { get; }
    public Template Api { get; }

    public ShopApp()
    {
        var app = new App(new AppProps { Context = new Dictionary<string, object> { [Bundling.SkipContextKey] = true } });
        Bundling.SkipWhenRequested(app);
        Stacks = ShopStacks.Create(app);
        Data = Template.FromStack(Stacks.Data);
        Identity = Template.FromStack(Stacks.Identity);
        Workflow = Template.FromStack(Stacks.Workflow);
        Search = Template.FromStack(Stacks.Search);
        Orders = Template.FromStack(Stacks.Orders);
        Uploads = Template.FromStack(Stacks.Uploads);
        Api = Template.FromStack(Stacks.Api);
    }

    /// <summary>An app for constructs tested on their own; bundling is skipped the way CDK itself reads it.</summary>
    public static App WithoutBundling() =>
        new(new AppProps { Context = new Dictionary<string, object> { [Bundling.StacksContextKey] = Array.Empty<string>() } });
}

[CollectionDefinition(Name)]
public sealed class ShopAppCollection : ICollectionFixture<ShopApp>
{
    // The template tests share one synth of the app.
    public const string Name = "Shop app";
}

/// <summary>A synthesized template as JSON, for the questions Template's matchers cannot ask directly.</summary>
public sealed class TemplateJson(Template template)
{
    private readonly JsonObject root = JsonNode.Parse(JsonSerializer.Serialize(template.ToJSON()))!.AsObject();

    public IEnumerable<(string LogicalId, JsonObject Resource)> Resources(string type) =>
        root["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    public JsonObject Resource(string logicalId) => root["Resources"]![logicalId]!.AsObject();

    public (string LogicalId, JsonObject Resource) Function(string project) =>
        Resources("AWS::Lambda::Function").Single(f => (string?)f.Resource["Metadata"]?[Shop.Core.ShopNames.ProjectMetadataKey] == project);

    /// <summary>The function whose <c>_HANDLER</c> is <paramref name="handler"/>.</summary>
    public (string LogicalId, JsonObject Resource) FunctionWithHandler(string handler) =>
        Resources("AWS::Lambda::Function").Single(f => (string?)f.Resource["Properties"]!["Handler"] == handler);

    /// <summary>The logical ids of a function's security groups.</summary>
    public static IReadOnlyList<string> SecurityGroupsOf(JsonObject function) =>
        function["Properties"]!["VpcConfig"]!["SecurityGroupIds"]!.AsArray().Select(g => g!["Fn::GetAtt"]![0]!.GetValue<string>()).ToList();

    /// <summary>The name under which this stack exports <c>{"Ref": logicalId}</c>.</summary>
    public string ExportOfRef(string logicalId) => ExportOf(new JsonObject { ["Ref"] = logicalId });

    /// <summary>The name under which this stack exports <c>{"Fn::GetAtt": [logicalId, attribute]}</c>.</summary>
    public string ExportOfAttribute(string logicalId, string attribute) =>
        ExportOf(new JsonObject { ["Fn::GetAtt"] = new JsonArray(logicalId, attribute) });

    /// <summary>How another stack reads this stack's <c>{"Ref": logicalId}</c>: <c>{"Fn::ImportValue": export}</c>.</summary>
    public JsonObject ImportOfRef(string logicalId) => new() { ["Fn::ImportValue"] = ExportOfRef(logicalId) };

    /// <summary>How another stack reads this stack's <c>{"Fn::GetAtt": [logicalId, attribute]}</c>.</summary>
    public JsonObject ImportOfAttribute(string logicalId, string attribute) =>
        new() { ["Fn::ImportValue"] = ExportOfAttribute(logicalId, attribute) };

    private string ExportOf(JsonNode value) =>
        root["Outputs"]!.AsObject()
            .Select(o => o.Value!.AsObject())
            .Single(o => o["Export"] is not null && JsonNode.DeepEquals(o["Value"], value))["Export"]!["Name"]!.GetValue<string>();

    public IEnumerable<string> ResourceTypes() => root["Resources"]!.AsObject().Select(r => (string)r.Value!["Type"]!);

    public string? ExportedRef(string exportName) =>
        root["Outputs"]!.AsObject()
            .Select(o => o.Value!.AsObject())
            .Where(o => (string?)o["Export"]?["Name"] == exportName)
            .Select(o => (string?)o["Value"]?["Ref"])
            .SingleOrDefault();

    /// <summary>Every policy statement attached to the role of the given function.</summary>
    public IReadOnlyList<JsonObject> StatementsOf(JsonObject function)
    {
        var role = function["Properties"]!["Role"]!["Fn::GetAtt"]![0]!.GetValue<string>();
        return Resources("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => (string?)r?["Ref"] == role))
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(s => s!.AsObject())
            .ToList();
    }

    public static IReadOnlyList<string> Actions(JsonObject statement) => AsList(statement["Action"]).Select(a => a!.GetValue<string>()).ToList();

    public static IReadOnlyList<JsonNode?> AsList(JsonNode? node) => node is JsonArray array ? array.ToList() : [node];
}
