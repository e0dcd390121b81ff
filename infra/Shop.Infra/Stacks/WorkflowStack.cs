using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;
using Shop.Core;
using Shop.Core.Checkout;
using Shop.Infra.Constructs;
using Timeout = Amazon.CDK.AWS.StepFunctions.Timeout;

namespace Shop.Infra.Stacks;

public sealed class WorkflowStackProps : StackProps
{
    /// <summary>The table (stock, the sandbox's payments, users) and the database (orders, payments, shipments) the steps use.</summary>
    public required DataStack Data { get; init; }
}

/// <summary>The state machines and the Workers functions whose handlers are their steps.</summary>
public sealed class WorkflowStack : Stack
{
    /// <summary>CDK context: which payment provider the functions use (<c>sandbox</c>, the default, or <c>stripe</c>).</summary>
    public const string PaymentProviderContext = "shop:paymentProvider";

    /// <summary>CDK context, stripe only: the ARN of the secret holding <c>{"apiKey","webhookSecret"}</c> (created outside the app).</summary>
    public const string PaymentSecretContext = "shop:paymentSecretArn";

    /// <summary>
    /// The sandbox's webhook signing key. The sandbox moves no money and only it (or a test) signs
    /// sandbox webhooks, so this is a fixed, public value, not a secret (DESIGN §8 sandbox).
    /// </summary>
    public const string SandboxWebhookSecret = "shop-sandbox-webhooks";

    /// <summary>The Workers binary running the sample handler: one Lambda function per handler, so each has only its own grants.</summary>
    public ShopFunction CountCategories { get; }
    public StateMachine SampleStateMachine { get; }

    /// <summary>One function per checkout step, by handler name.</summary>
    public IReadOnlyDictionary<string, ShopFunction> CheckoutSteps { get; }

    /// <summary>
    /// The checkout saga: one Standard execution per order, named by the order id and started by the
    /// Api right after the order commits (the outbox relay is the safety net).
    /// </summary>
    public StateMachine Checkout { get; }

    /// <summary>How often expired stock holds are looked for; a hold outlives its checkout's waits by an hour (<see cref="CheckoutTimeouts.HoldFor"/>).</summary>
    public static readonly Duration HoldSweepInterval = Duration.Minutes(10);

    /// <summary>Cancels the orders of holds past their expiry: the checkouts that stopped without ending.</summary>
    public ShopFunction HoldSweeper { get; }

    public Rule HoldSweepSchedule { get; }

    /// <summary>Fires when a checkout execution fails: a compensation that could not finish, or a payment not captured after shipment.</summary>
    public Alarm CheckoutFailuresAlarm { get; }

    /// <summary>The payment provider settings every function that pays, refunds or reads webhooks needs.</summary>
    public IReadOnlyDictionary<string, string> PaymentSettings { get; }

    private readonly ISecret? _paymentSecret;

    public WorkflowStack(Construct scope, string id, WorkflowStackProps props) : base(scope, id, props)
    {
        CountCategories = new ShopFunction(this, "CountCategoriesFunction", new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = ShopNames.Handlers.SampleCountCategories,
            MemorySize = 256,
            Timeout = Duration.Seconds(30),
            Environment = new Dictionary<string, string> { [ShopNames.Settings.TableName] = props.Data.Table.TableName },
        });
        props.Data.Table.GrantReadData(CountCategories.Function);
        SampleStateMachine = CreateSample();

        (PaymentSettings, _paymentSecret) = ReadPaymentSettings();
        CheckoutSteps = CreateCheckoutSteps(props.Data);
        Checkout = CreateCheckout();
        (HoldSweeper, HoldSweepSchedule) = CreateHoldSweep(props.Data);
        CheckoutFailuresAlarm = new Alarm(this, "CheckoutFailuresAlarm", new AlarmProps
        {
            AlarmDescription = "A checkout execution failed: a compensation did not finish or a shipped order's payment was not captured; see the execution's history",
            Metric = Checkout.MetricFailed(new MetricOptions { Period = Duration.Minutes(5), Statistic = Stats.SUM }),
            Threshold = 0,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
    }

    /// <summary>Lets a function use the payment provider: the sandbox keeps its state in the table, Stripe's keys are in a secret.</summary>
    public void GrantPayments(IFunction function, DataStack data)
    {
        data.Table.GrantReadWriteData(function);
        _paymentSecret?.GrantRead(function);
    }

    private (IReadOnlyDictionary<string, string>, ISecret?) ReadPaymentSettings()
    {
        var provider = Node.TryGetContext(PaymentProviderContext) as string ?? ShopNames.PaymentProviders.Sandbox;
        if (provider == ShopNames.PaymentProviders.Sandbox)
        {
            return (new Dictionary<string, string>
            {
                [ShopNames.Settings.PaymentProvider] = provider,
                [ShopNames.Settings.PaymentSandboxWebhookSecret] = SandboxWebhookSecret,
            }, null);
        }
        if (provider != ShopNames.PaymentProviders.Stripe)
        {
            throw new ArgumentException($"Context {PaymentProviderContext} must be {ShopNames.PaymentProviders.Sandbox} or {ShopNames.PaymentProviders.Stripe}, not '{provider}'.");
        }
        var arn = Node.TryGetContext(PaymentSecretContext) as string
            ?? throw new ArgumentException($"With the stripe provider, context {PaymentSecretContext} must name the secret holding the Stripe keys.");
        var secret = Secret.FromSecretCompleteArn(this, "PaymentSecret", arn);
        return (new Dictionary<string, string>
        {
            [ShopNames.Settings.PaymentProvider] = provider,
            [ShopNames.Settings.PaymentSecretArn] = secret.SecretArn,
        }, secret);
    }

    private StateMachine CreateSample() => new(this, "Sample", new StateMachineProps
    {
        StateMachineType = StateMachineType.STANDARD,
        DefinitionBody = DefinitionBody.FromChainable(
            WorkflowStates.Invoke(this, "CountCategories", CountCategories.Function)),
        TracingEnabled = true,
        Timeout = Duration.Minutes(5),
    });

    /// <summary>The checkout state machine's name, fixed so the waiting step's function can be granted its task responses without a cycle.</summary>
    private string CheckoutName => $"{StackName}-Checkout";

    private Dictionary<string, ShopFunction> CreateCheckoutSteps(DataStack data)
    {
        var steps = new Dictionary<string, ShopFunction>();
        ShopFunction Step(string id, string handler, bool table, bool payments) =>
            steps[handler] = CreateCheckoutFunction(data, id, handler, table, payments, Duration.Seconds(30));

        Step("ReserveInventoryFunction", ShopNames.Handlers.CheckoutReserveInventory, table: true, payments: false);
        Step("AssessFraudFunction", ShopNames.Handlers.CheckoutAssessFraud, table: false, payments: false);
        Step("AuthorizePaymentFunction", ShopNames.Handlers.CheckoutAuthorizePayment, table: false, payments: true);
        var awaiting = Step("AwaitCallbackFunction", ShopNames.Handlers.CheckoutAwaitCallback, table: false, payments: false);
        Step("ConfirmOrderFunction", ShopNames.Handlers.CheckoutConfirmOrder, table: true, payments: false);
        Step("CreateShipmentFunction", ShopNames.Handlers.CheckoutCreateShipment, table: false, payments: false);
        Step("CapturePaymentFunction", ShopNames.Handlers.CheckoutCapturePayment, table: false, payments: true);
        Step("CompensateFunction", ShopNames.Handlers.CheckoutCompensate, table: true, payments: true);
        // The waiting step answers the state machine itself when the outcome came first.
        GrantTaskResponses(awaiting.Function);
        return steps;
    }

    /// <summary>A Workers function of the checkout: the order database through the proxy, the table (read, or read and write), the payment provider.</summary>
    private ShopFunction CreateCheckoutFunction(DataStack data, string id, string handler, bool table, bool payments, Duration timeout)
    {
        var function = new ShopFunction(this, id, new ShopFunctionProps
        {
            Project = FunctionProjects.Workers,
            Handler = handler,
            Vpc = data.Vpc,
            Timeout = timeout,
            Environment = new Dictionary<string, string>(data.DatabaseSettings)
            {
                [ShopNames.Settings.TableName] = data.Table.TableName,
            }.Concat(PaymentSettings).ToDictionary(),
        });
        data.AdmitToDatabase(function.Function, $"Checkout step {handler} to the database proxy");
        if (table)
        {
            data.Table.GrantReadWriteData(function.Function);
        }
        else
        {
            data.Table.GrantReadData(function.Function);
        }
        if (payments)
        {
            GrantPayments(function.Function, data);
        }
        return function;
    }

    /// <summary>Lets a function answer the checkout's waiting steps (SendTaskSuccess / SendTaskFailure).</summary>
    private void GrantTaskResponses(IFunction function) => function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
    {
        Actions = ["states:SendTaskSuccess", "states:SendTaskFailure"],
        Resources = [FormatArn(new ArnComponents { Service = "states", Resource = "stateMachine", ResourceName = CheckoutName, ArnFormat = ArnFormat.COLON_RESOURCE_NAME })],
    }));

    /// <summary>
    /// The hold sweep: every <see cref="HoldSweepInterval"/>, cancels the orders whose stock holds
    /// outlived their checkout (stock back once, payment voided, a waiting step failed). A run ends
    /// within half the interval, so runs never overlap (and two would be safe: each release happens once).
    /// </summary>
    private (ShopFunction, Rule) CreateHoldSweep(DataStack data)
    {
        var sweeper = CreateCheckoutFunction(data, "ExpireHoldsFunction", ShopNames.Handlers.CheckoutExpireHolds, table: true, payments: true, Duration.Minutes(5));
        sweeper.Function.ConfigureAsyncInvoke(new EventInvokeConfigOptions { RetryAttempts = 0, MaxEventAge = Duration.Minutes(5) });
        GrantTaskResponses(sweeper.Function);
        var schedule = new Rule(this, "HoldSweepSchedule", new RuleProps
        {
            Description = "Cancels the orders of checkout holds past their expiry",
            Schedule = Schedule.Rate(HoldSweepInterval),
            Targets = [new LambdaFunction(sweeper.Function, new LambdaFunctionProps { RetryAttempts = 0, MaxEventAge = Duration.Minutes(5) })],
        });
        return (sweeper, schedule);
    }

    private StateMachine CreateCheckout()
    {
        IFunction Fn(string handler) => CheckoutSteps[handler].Function;
        var timeouts = CheckoutTimeouts.Default;

        // Every failure ends here: the order failed or cancelled, stock back, payment voided or refunded.
        var compensateTask = new LambdaInvoke(this, "CompensateOrder", new LambdaInvokeProps
        {
            LambdaFunction = Fn(ShopNames.Handlers.CheckoutCompensate),
            Payload = TaskInput.FromObject(new Dictionary<string, object>
            {
                ["orderId.$"] = "$.orderId",
                ["reason.$"] = "$.failure.reason",
                ["finalStatus.$"] = "$.failure.finalStatus",
            }),
            PayloadResponseOnly = true,
            RetryOnServiceExceptions = false,
            ResultPath = "$.compensation",
            TaskTimeout = Timeout.Duration(Duration.Seconds(60)),
        });
        compensateTask.AddRetry(WorkflowStates.Backoff(WorkflowStates.TransientErrors, 10));
        compensateTask.AddCatch(new Fail(this, "CompensationFailed", new FailProps
        {
            Error = "CompensationFailed",
            Cause = "The compensation kept failing; the order's stock or payment may still be held (see this execution's history).",
        }), new CatchProps { ResultPath = "$.error" });
        compensateTask.Next(new Succeed(this, "CheckoutEnded", new SucceedProps { Comment = "The order is failed or cancelled, its stock and payment given back." }));

        Pass Failure(string id, string reason, string finalStatus)
        {
            var failure = new Pass(this, id, new PassProps
            {
                Parameters = new Dictionary<string, object> { ["reason"] = reason, ["finalStatus"] = finalStatus },
                ResultPath = "$.failure",
            });
            failure.Next(compensateTask);
            return failure;
        }

        var cancelled = Failure("OrderCancelled", "cancelled", "cancelled");
        var stepFailed = new Pass(this, "StepFailed", new PassProps
        {
            Parameters = new Dictionary<string, object> { ["reason.$"] = "$.error.Error", ["finalStatus"] = "failed" },
            ResultPath = "$.failure",
        });
        stepFailed.Next(compensateTask);

        T Guarded<T>(T task) where T : TaskStateBase
        {
            task.AddCatch(cancelled, new CatchProps { Errors = [nameof(OrderCancelledException)], ResultPath = "$.error" });
            task.AddCatch(stepFailed, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });
            return task;
        }

        var reserve = Guarded(WorkflowStates.Step(this, "ReserveInventory", Fn(ShopNames.Handlers.CheckoutReserveInventory), "$.reservation"));
        var fraud = Guarded(WorkflowStates.Step(this, "AssessFraud", Fn(ShopNames.Handlers.CheckoutAssessFraud), "$.fraud"));
        var authorize = Guarded(WorkflowStates.Step(this, "AuthorizePayment", Fn(ShopNames.Handlers.CheckoutAuthorizePayment), "$.payment"));
        var confirm = Guarded(WorkflowStates.Step(this, "ConfirmOrder", Fn(ShopNames.Handlers.CheckoutConfirmOrder), "$.confirmation"));
        var ship = Guarded(WorkflowStates.Step(this, "CreateShipment", Fn(ShopNames.Handlers.CheckoutCreateShipment), "$.shipment"));

        var awaitReview = WorkflowStates.Wait(this, "AwaitReview", Fn(ShopNames.Handlers.CheckoutAwaitCallback), CallbackKinds.Review, "$.review",
            Timeout.Duration(Duration.Seconds(timeouts.Review.TotalSeconds)));
        awaitReview.AddCatch(Failure("ReviewTimedOut", "not reviewed in time", "cancelled"), new CatchProps { Errors = [Errors.TIMEOUT], ResultPath = "$.error" });
        Guarded(awaitReview);

        var awaitPayment = WorkflowStates.Wait(this, "AwaitPayment", Fn(ShopNames.Handlers.CheckoutAwaitCallback), CallbackKinds.Payment, "$.paymentOutcome",
            Timeout.At("$.payment.waitSeconds"));
        awaitPayment.AddCatch(Failure("PaymentTimedOut", "payment not completed in time", "cancelled"), new CatchProps { Errors = [Errors.TIMEOUT], ResultPath = "$.error" });
        Guarded(awaitPayment);

        var awaitShipment = WorkflowStates.Wait(this, "AwaitShipment", Fn(ShopNames.Handlers.CheckoutAwaitCallback), CallbackKinds.Shipment, "$.shipped",
            Timeout.Duration(Duration.Seconds(timeouts.Shipment.TotalSeconds)));
        awaitShipment.AddCatch(Failure("NotShippedInTime", "not shipped in time", "cancelled"), new CatchProps { Errors = [Errors.TIMEOUT], ResultPath = "$.error" });
        Guarded(awaitShipment);

        // Once the goods have left, nothing is undone: a capture that keeps failing is for an operator.
        var capture = WorkflowStates.Step(this, "CapturePayment", Fn(ShopNames.Handlers.CheckoutCapturePayment), "$.capture", maxAttempts: 8);
        capture.AddCatch(new Fail(this, "CaptureFailed", new FailProps
        {
            Error = "CaptureFailed",
            Cause = "The order shipped but its payment could not be captured; collect it by hand (see this execution's history).",
        }), new CatchProps { ResultPath = "$.error" });

        var paid = Condition.Or(
            Condition.StringEquals("$.payment.status", "authorized"),
            Condition.StringEquals("$.payment.status", "captured"),
            Condition.StringEquals("$.payment.status", PaymentResult.NotRequired));
        var waiting = Condition.Or(
            Condition.StringEquals("$.payment.status", "requires_action"),
            Condition.StringEquals("$.payment.status", "awaiting_transfer"));
        var completed = Condition.Or(
            Condition.StringEquals("$.paymentOutcome.status", "authorized"),
            Condition.StringEquals("$.paymentOutcome.status", "captured"));

        confirm.Next(ship).Next(awaitShipment).Next(capture).Next(new Succeed(this, "Completed", new SucceedProps { Comment = "Shipped and paid." }));
        awaitPayment.Next(new Choice(this, "PaymentCompleted?")
            .When(completed, confirm)
            .Otherwise(Failure("PaymentFailed", "payment failed", "failed")));
        authorize.Next(new Choice(this, "PaymentAuthorized?")
            .When(paid, confirm)
            .When(waiting, awaitPayment)
            .Otherwise(Failure("PaymentDeclined", "payment declined", "failed")));
        awaitReview.Next(new Choice(this, "ReviewApproved?")
            .When(Condition.StringEquals("$.review.status", ReviewDecisions.Approve), authorize)
            .Otherwise(Failure("ReviewRejected", "rejected on review", "failed")));
        fraud.Next(new Choice(this, "FraudDecision")
            .When(Condition.StringEquals("$.fraud.decision", "reject"), Failure("FraudRejected", "refused by the fraud check", "failed"))
            .When(Condition.StringEquals("$.fraud.decision", "review"), awaitReview)
            .Otherwise(authorize));
        reserve.Next(new Choice(this, "StockReserved?")
            .When(Condition.BooleanEquals("$.reservation.reserved", true), fraud)
            .Otherwise(Failure("OutOfStock", "out of stock", "failed")));

        var machine = new StateMachine(this, "Checkout", new StateMachineProps
        {
            StateMachineName = CheckoutName,
            StateMachineType = StateMachineType.STANDARD,
            DefinitionBody = DefinitionBody.FromChainable(reserve),
            TracingEnabled = true,
            // Longer than every wait in a row: review, a bank transfer, the warehouse.
            Timeout = Duration.Seconds((timeouts.Review + timeouts.BankTransfer + timeouts.Shipment + TimeSpan.FromDays(1)).TotalSeconds),
        });
        return machine;
    }
}
