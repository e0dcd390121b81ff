using System.Text;
using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Shop.Core;
using Shop.Infra.Constructs;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class WorkflowStackTests(ShopApp app)
{
    private readonly Template workflow = app.Workflow;
    private readonly TemplateJson json = new(app.Workflow);

    [Fact]
    public void RunsAsStandardWorkflow_WhenSampleIsCreated() =>
        workflow.HasResourceProperties("AWS::StepFunctions::StateMachine", new Dictionary<string, object>
        {
            ["StateMachineType"] = "STANDARD",
        });

    [Fact]
    public void InvokesCountCategoriesHandler_WhenSampleRuns()
    {
        var (functionId, function) = json.Function(FunctionProjects.Workers);
        var definition = Definition();
        var task = definition["States"]![(string)definition["StartAt"]!]!;

        Assert.Equal(ShopNames.Handlers.SampleCountCategories, (string?)function["Properties"]!["Handler"]);
        Assert.Equal("Task", (string?)task["Type"]);
        Assert.EndsWith(":states:::lambda:invoke", (string?)task["Resource"]);
        Assert.Equal($"${{{functionId}.Arn}}", (string?)task["Parameters"]!["FunctionName"]);
        Assert.True((bool?)task["End"]);
    }

    [Fact]
    public void OutputsHandlerResult_WhenTaskCompletes()
    {
        var definition = Definition();
        var task = definition["States"]![(string)definition["StartAt"]!]!;

        Assert.Equal("$.Payload", (string?)task["OutputPath"]);
    }

    [Fact]
    public void PassesOnlyTableName_WhenWorkersFunctionIsCreated()
    {
        var (_, function) = json.Function(FunctionProjects.Workers);

        var names = function["Properties"]!["Environment"]!["Variables"]!.AsObject().Select(v => v.Key);

        Assert.Equal([ShopNames.Settings.TableName], names);
    }

    [Fact]
    public void DeniesSecretAccess_WhenWorkersFunctionRuns()
    {
        var (_, function) = json.Function(FunctionProjects.Workers);

        var actions = json.StatementsOf(function).SelectMany(TemplateJson.Actions).ToList();

        Assert.NotEmpty(actions);
        Assert.DoesNotContain(actions, a => a.StartsWith("secretsmanager:", StringComparison.Ordinal) || a == "*");
    }

    [Fact]
    public void OnlyReadsTable_WhenCountingCategories()
    {
        var (_, function) = json.Function(FunctionProjects.Workers);

        var dynamo = json.StatementsOf(function).SelectMany(TemplateJson.Actions).Where(a => a.StartsWith("dynamodb:", StringComparison.Ordinal));

        Assert.Contains("dynamodb:Query", dynamo);
        Assert.DoesNotContain(dynamo, a => a is "dynamodb:PutItem" or "dynamodb:UpdateItem" or "dynamodb:DeleteItem" or "dynamodb:BatchWriteItem");
    }

    /// <summary>The definition with each CloudFormation reference written as <c>${LogicalId.Attribute}</c>.</summary>
    private JsonNode Definition()
    {
        var machine = json.Resources("AWS::StepFunctions::StateMachine").Single().Resource;
        var parts = machine["Properties"]!["DefinitionString"]!["Fn::Join"]![1]!.AsArray();
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part switch
            {
                JsonValue value => value.GetValue<string>(),
                JsonObject o when o["Ref"] is { } reference => $"${{{reference}}}",
                JsonObject o when o["Fn::GetAtt"] is JsonArray attribute => $"${{{attribute[0]}.{attribute[1]}}}",
                _ => throw new InvalidOperationException($"Unexpected part {part!.ToJsonString()}"),
            });
        }
        return JsonNode.Parse(text.ToString())!;
    }
}
