using System.Text;
using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using Shop.Core;
using Shop.Infra.Constructs;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class WorkflowStackTests(ShopApp app)
{
    private readonly TemplateJson json = new(app.Workflow);

    private JsonObject Sample => StateMachine(app.Stacks.Workflow.SampleStateMachine);

    private JsonObject Checkout => StateMachine(app.Stacks.Workflow.Checkout);

    [Fact]
    public void RunsAsStandardWorkflow_WhenSampleIsCreated() =>
        Assert.Equal("STANDARD", (string?)Sample["Properties"]!["StateMachineType"]);

    [Fact]
    public void RunsAsTracedStandardWorkflow_WhenCheckoutIsCreated()
    {
        // Standard: an order's execution is named by the order id, exactly once, and may wait for a payment callback.
        Assert.Equal("STANDARD", (string?)Checkout["Properties"]!["StateMachineType"]);
        Assert.True((bool?)Checkout["Properties"]!["TracingConfiguration"]!["Enabled"]);
    }

    [Fact]
    public void EndsAfterADayAtMost_WhenCheckoutWaits() =>
        Assert.Equal(24 * 3600, (int?)Definition(Checkout)["TimeoutSeconds"]);

    [Fact]
    public void PassesThePlacedOrderThroughToSuccess_WhenCheckoutIsThePlaceholder()
    {
        var definition = Definition(Checkout);
        var first = definition["States"]![(string)definition["StartAt"]!]!;

        Assert.Equal("Pass", (string?)first["Type"]);
        Assert.Null(first["Result"]);
        Assert.Equal("Succeed", (string?)definition["States"]![(string)first["Next"]!]!["Type"]);
    }

    [Fact]
    public void InvokesCountCategoriesHandler_WhenSampleRuns()
    {
        var (functionId, function) = json.Function(FunctionProjects.Workers);
        var definition = Definition(Sample);
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
        var definition = Definition(Sample);
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

    private JsonObject StateMachine(Amazon.CDK.AWS.StepFunctions.StateMachine machine) =>
        json.Resource(app.Stacks.Workflow.GetLogicalId((Amazon.CDK.CfnElement)machine.Node.DefaultChild!));

    /// <summary>The definition with each CloudFormation reference written as <c>${LogicalId.Attribute}</c>.</summary>
    private static JsonNode Definition(JsonObject machine)
    {
        var definitionString = machine["Properties"]!["DefinitionString"]!;
        if (definitionString is JsonValue literal)
        {
            return JsonNode.Parse(literal.GetValue<string>())!;
        }
        var parts = definitionString["Fn::Join"]![1]!.AsArray();
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
