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
    public void OutlivesEveryWaitInARow_WhenCheckoutWaitsForReviewTransferAndWarehouse()
    {
        var timeouts = Shop.Core.Checkout.CheckoutTimeouts.Default;
        var longest = timeouts.Review + timeouts.BankTransfer + timeouts.Shipment;

        Assert.True((int?)Definition(Checkout)["TimeoutSeconds"] > longest.TotalSeconds);
    }

    [Fact]
    public void VisitsTheStepsInSagaOrder_WhenAnOrderIsPaidAndShipped()
    {
        var states = Definition(Checkout)["States"]!.AsObject();
        var path = new List<string>();
        var name = (string)Definition(Checkout)["StartAt"]!;
        while (true)
        {
            path.Add(name);
            var state = states[name]!;
            if ((string?)state["Type"] is "Succeed" or "Fail")
            {
                break;
            }
            // The happy path: the first choice rule that does not lead to a failure.
            name = (string?)state["Type"] == "Choice"
                ? state["Choices"]!.AsArray().Select(c => (string)c!["Next"]!).First(n => (string?)states[n]!["Type"] != "Pass")
                : (string)state["Next"]!;
        }

        Assert.Equal(["ReserveInventory", "StockReserved?", "AssessFraud", "FraudDecision", "AwaitReview", "ReviewApproved?", "AuthorizePayment",
            "PaymentAuthorized?", "ConfirmOrder", "CreateShipment", "AwaitShipment", "CapturePayment", "Completed"], path);
    }

    [Fact]
    public void CompensatesFromEveryStepBeforeShipment_WhenAStepFailsOrTheOrderIsCancelled()
    {
        var states = Definition(Checkout)["States"]!.AsObject();
        string[] guarded = ["ReserveInventory", "AssessFraud", "AwaitReview", "AuthorizePayment", "AwaitPayment", "ConfirmOrder", "CreateShipment", "AwaitShipment"];

        foreach (var name in guarded)
        {
            var catches = states[name]!["Catch"]!.AsArray();
            var last = catches[^1]!;
            Assert.Equal(["States.ALL"], last["ErrorEquals"]!.AsArray().Select(e => (string)e!));
            Assert.Contains(catches, c => c!["ErrorEquals"]!.AsArray().Any(e => (string?)e == "OrderCancelledException"));
            Assert.All(catches, c => Assert.Equal("CompensateOrder", (string?)states[(string)c!["Next"]!]!["Next"]));
        }
        Assert.Equal("CheckoutEnded", (string?)states["CompensateOrder"]!["Next"]);
        Assert.Equal("CompensationFailed", (string?)states["CompensateOrder"]!["Catch"]![0]!["Next"]);
    }

    [Fact]
    public void RetriesTransientErrorsOnlyWithJitteredBackoff_WhenAStepFails()
    {
        var states = Definition(Checkout)["States"]!.AsObject();
        string[] business = ["OrderCancelledException", "InjectedFaultException", "PaymentStateException", "NotFoundException", "States.ALL", "States.TaskFailed"];

        foreach (var (name, state) in states.Where(s => (string?)s.Value!["Type"] == "Task"))
        {
            var retries = state!["Retry"]!.AsArray();
            var errors = retries.SelectMany(r => r!["ErrorEquals"]!.AsArray().Select(e => (string)e!)).ToList();
            Assert.Contains("Lambda.ServiceException", errors);
            Assert.Contains("Lambda.TooManyRequestsException", errors);
            Assert.DoesNotContain(errors, business.Contains);
            Assert.All(retries, r => Assert.Equal(("FULL", 2.0), ((string?)r!["JitterStrategy"], (double?)r["BackoffRate"])));
            var waits = (string?)state["Resource"] is { } resource && resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal);
            // A wait's timeout is an outcome (the shopper gave up), never retried.
            Assert.True(waits ? !errors.Contains("States.Timeout") : errors.Contains("PaymentProviderUnavailableException"), name);
        }
    }

    [Fact]
    public void CancelsAfterTheOrdersOwnWait_WhenThePaymentWaitsForTheShopper()
    {
        var states = Definition(Checkout)["States"]!.AsObject();
        var wait = states["AwaitPayment"]!;
        var timedOut = states[(string)wait["Catch"]![0]!["Next"]!]!;

        Assert.EndsWith(":states:::lambda:invoke.waitForTaskToken", (string?)wait["Resource"]);
        Assert.Equal("$$.Task.Token", (string?)wait["Parameters"]!["Payload"]!["taskToken.$"]);
        Assert.Equal("$.payment.waitSeconds", (string?)wait["TimeoutSecondsPath"]);
        Assert.Equal(["States.Timeout"], wait["Catch"]![0]!["ErrorEquals"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("cancelled", (string?)timedOut["Parameters"]!["finalStatus"]);
    }

    [Fact]
    public void RunsEachStepInItsOwnFunction_WhenCheckoutIsCreated()
    {
        string[] handlers =
        [
            ShopNames.Handlers.CheckoutReserveInventory, ShopNames.Handlers.CheckoutAssessFraud, ShopNames.Handlers.CheckoutAuthorizePayment,
            ShopNames.Handlers.CheckoutAwaitCallback, ShopNames.Handlers.CheckoutConfirmOrder, ShopNames.Handlers.CheckoutCreateShipment,
            ShopNames.Handlers.CheckoutCapturePayment, ShopNames.Handlers.CheckoutCompensate,
        ];

        var functions = handlers.Select(h => json.FunctionWithHandler(h)).ToList();
        var taskResponders = functions.Where(f => json.StatementsOf(f.Resource).SelectMany(TemplateJson.Actions).Contains("states:SendTaskSuccess")).ToList();

        Assert.Equal(handlers.Length, functions.Select(f => f.LogicalId).Distinct().Count());
        Assert.Equal([json.FunctionWithHandler(ShopNames.Handlers.CheckoutAwaitCallback).LogicalId], taskResponders.Select(f => f.LogicalId));
    }

    [Fact]
    public void SweepsExpiredHoldsEveryTenMinutesWithoutOverlap_WhenTheHoldSweepIsScheduled()
    {
        var sweeper = json.FunctionWithHandler(ShopNames.Handlers.CheckoutExpireHolds);
        var schedule = json.Resources("AWS::Events::Rule").Single().Resource["Properties"]!;
        var target = schedule["Targets"]!.AsArray().Single()!;
        var actions = json.StatementsOf(sweeper.Resource).SelectMany(TemplateJson.Actions).ToList();

        Assert.Equal("rate(10 minutes)", (string?)schedule["ScheduleExpression"]);
        Assert.Equal($"[\"{sweeper.LogicalId}\",\"Arn\"]", target["Arn"]!["Fn::GetAtt"]!.ToJsonString());
        Assert.Equal(0, (int?)target["RetryPolicy"]!["MaximumRetryAttempts"]);
        Assert.True((int?)sweeper.Resource["Properties"]!["Timeout"] * 2 <= 600);
        // It cancels: the order database, the stock and the sandbox's payments in the table, the waiting steps.
        Assert.Contains("states:SendTaskFailure", actions);
        Assert.Contains("dynamodb:UpdateItem", actions);
        Assert.Contains(ShopNames.Settings.TableName, sweeper.Resource["Properties"]!["Environment"]!["Variables"]!.AsObject().Select(v => v.Key));
    }

    [Fact]
    public void NeverLetsAFunctionReadFaultPlans_WhenTheAppIsSynthesized()
    {
        var templates = new[] { app.Data, app.Identity, app.Workflow, app.Search, app.Orders, app.Api }.Select(t => new TemplateJson(t));

        var variables = templates.SelectMany(t => t.Resources("AWS::Lambda::Function"))
            .SelectMany(f => f.Resource["Properties"]!["Environment"]?["Variables"]?.AsObject().Select(v => v.Key) ?? []);

        Assert.DoesNotContain(ShopNames.Settings.CheckoutFaults, variables);
    }

    [Fact]
    public void InvokesCountCategoriesHandler_WhenSampleRuns()
    {
        var (functionId, function) = json.FunctionWithHandler(ShopNames.Handlers.SampleCountCategories);
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
        var (_, function) = json.FunctionWithHandler(ShopNames.Handlers.SampleCountCategories);

        var names = function["Properties"]!["Environment"]!["Variables"]!.AsObject().Select(v => v.Key);

        Assert.Equal([ShopNames.Settings.TableName], names);
    }

    [Fact]
    public void DeniesSecretAccess_WhenWorkersFunctionRuns()
    {
        var (_, function) = json.FunctionWithHandler(ShopNames.Handlers.SampleCountCategories);

        var actions = json.StatementsOf(function).SelectMany(TemplateJson.Actions).ToList();

        Assert.NotEmpty(actions);
        Assert.DoesNotContain(actions, a => a.StartsWith("secretsmanager:", StringComparison.Ordinal) || a == "*");
    }

    [Fact]
    public void OnlyReadsTable_WhenCountingCategories()
    {
        var (_, function) = json.FunctionWithHandler(ShopNames.Handlers.SampleCountCategories);

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
