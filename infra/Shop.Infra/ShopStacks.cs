using Amazon.CDK;
using Shop.Infra.Stacks;

namespace Shop.Infra;

/// <summary>The app's stacks and how they depend on each other; the CLI app and the tests build the same.</summary>
public sealed record ShopStacks(DataStack Data, IdentityStack Identity, WorkflowStack Workflow, SearchStack Search, OrdersStack Orders, UploadsStack Uploads, ApiStack Api)
{
    public static ShopStacks Create(App app)
    {
        var data = new DataStack(app, "Shop-Data");
        var identity = new IdentityStack(app, "Shop-Identity");
        var workflow = new WorkflowStack(app, "Shop-Workflow", new WorkflowStackProps { Data = data });
        var search = new SearchStack(app, "Shop-Search", new SearchStackProps { Vpc = data.Vpc, Table = data.Table });
        var orders = new OrdersStack(app, "Shop-Orders", new OrdersStackProps { Data = data, Checkout = workflow.Checkout });
        var uploads = new UploadsStack(app, "Shop-Uploads", new UploadsStackProps { Data = data });
        var api = new ApiStack(app, "Shop-Api", new ApiStackProps
        {
            Uploads = uploads,
            Data = data,
            Identity = identity,
            Search = search,
            Orders = orders,
            SampleStateMachine = workflow.SampleStateMachine,
            Checkout = workflow.Checkout,
            Workflow = workflow,
        });
        return new ShopStacks(data, identity, workflow, search, orders, uploads, api);
    }
}
