using Amazon.CDK.Assertions;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class ShopStacksTests(ShopApp app)
{
    private static readonly string[] Names = ["Shop-Data", "Shop-Identity", "Shop-Workflow", "Shop-Search", "Shop-Orders", "Shop-Uploads", "Shop-Api"];

    public static TheoryData<string> StackNames => new(Names);

    private Template TemplateOf(string stackName) => stackName switch
    {
        "Shop-Data" => app.Data,
        "Shop-Identity" => app.Identity,
        "Shop-Workflow" => app.Workflow,
        "Shop-Search" => app.Search,
        "Shop-Orders" => app.Orders,
        "Shop-Uploads" => app.Uploads,
        "Shop-Api" => app.Api,
        _ => throw new ArgumentOutOfRangeException(nameof(stackName), stackName, null),
    };

    [Fact]
    public void BuildsEveryStackTheTestsCover_WhenAppIsCreated() =>
        Assert.Equal(
            Names.Order(),
            new Amazon.CDK.Stack[] { app.Stacks.Data, app.Stacks.Identity, app.Stacks.Workflow, app.Stacks.Search, app.Stacks.Orders, app.Stacks.Uploads, app.Stacks.Api }.Select(s => s.StackName).Order());

    // The local environment creates resources from these templates and cannot run a custom
    // resource's Lambda; in AWS each would also be one more function to own. The one exception is
    // the migrations' trigger, which the local deployer runs itself (it invokes the trigger's handler).
    [Theory]
    [MemberData(nameof(StackNames))]
    public void HasNoCustomResourcesButTheMigrationTrigger_WhenStackIsSynthesized(string stackName)
    {
        string[] expected = stackName == "Shop-Orders" ? ["Custom::Trigger"] : [];

        var custom = new TemplateJson(TemplateOf(stackName)).ResourceTypes()
            .Where(t => t.StartsWith("Custom::", StringComparison.Ordinal) || t == "AWS::CloudFormation::CustomResource")
            .ToList();

        Assert.Equal(expected, custom);
    }

    [Fact]
    public void DeploysIdentityBeforeApi_WhenApiReadsTheUserPool() =>
        Assert.Contains(app.Stacks.Identity, app.Stacks.Api.Dependencies);

    [Fact]
    public void DeploysOrdersAfterDataAndWorkflowAndBeforeApi_WhenApiPublishesOrderEvents()
    {
        Assert.Contains(app.Stacks.Data, app.Stacks.Orders.Dependencies);
        Assert.Contains(app.Stacks.Workflow, app.Stacks.Orders.Dependencies);
        // The migrations run while Shop-Orders deploys, so an Api that needs the new schema comes after them.
        Assert.Contains(app.Stacks.Orders, app.Stacks.Api.Dependencies);
        Assert.DoesNotContain(app.Stacks.Api, app.Stacks.Orders.Dependencies);
    }

    [Fact]
    public void DeploysUploadsBetweenDataAndApi_WhenApiPresignsIntoTheBucket()
    {
        Assert.Contains(app.Stacks.Data, app.Stacks.Uploads.Dependencies);
        Assert.Contains(app.Stacks.Uploads, app.Stacks.Api.Dependencies);
        Assert.DoesNotContain(app.Stacks.Api, app.Stacks.Uploads.Dependencies);
    }

    [Fact]
    public void DeploysSearchBetweenDataAndApi_WhenApiSearchesTheDomain()
    {
        Assert.Contains(app.Stacks.Data, app.Stacks.Search.Dependencies);
        Assert.Contains(app.Stacks.Search, app.Stacks.Api.Dependencies);
        // Nothing in the search stack may refer back to the Api: the stacks would form a cycle.
        Assert.DoesNotContain(app.Stacks.Api, app.Stacks.Search.Dependencies);
    }
}
