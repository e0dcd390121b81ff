using Amazon.CDK.Assertions;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class ShopStacksTests(ShopApp app)
{
    private static readonly string[] Names = ["Shop-Data", "Shop-Identity", "Shop-Workflow", "Shop-Search", "Shop-Api"];

    public static TheoryData<string> StackNames => new(Names);

    private Template TemplateOf(string stackName) => stackName switch
    {
        "Shop-Data" => app.Data,
        "Shop-Identity" => app.Identity,
        "Shop-Workflow" => app.Workflow,
        "Shop-Search" => app.Search,
        "Shop-Api" => app.Api,
        _ => throw new ArgumentOutOfRangeException(nameof(stackName), stackName, null),
    };

    [Fact]
    public void BuildsEveryStackTheTestsCover_WhenAppIsCreated() =>
        Assert.Equal(
            Names.Order(),
            new Amazon.CDK.Stack[] { app.Stacks.Data, app.Stacks.Identity, app.Stacks.Workflow, app.Stacks.Search, app.Stacks.Api }.Select(s => s.StackName).Order());

    // The local environment creates resources from these templates and cannot run a custom
    // resource's Lambda; in AWS each would also be one more function to own.
    [Theory]
    [MemberData(nameof(StackNames))]
    public void HasNoCustomResources_WhenStackIsSynthesized(string stackName)
    {
        var custom = new TemplateJson(TemplateOf(stackName)).ResourceTypes()
            .Where(t => t.StartsWith("Custom::", StringComparison.Ordinal) || t == "AWS::CloudFormation::CustomResource")
            .ToList();

        Assert.Empty(custom);
    }

    [Fact]
    public void DeploysIdentityBeforeApi_WhenApiReadsTheUserPool() =>
        Assert.Contains(app.Stacks.Identity, app.Stacks.Api.Dependencies);

    [Fact]
    public void DeploysSearchBetweenDataAndApi_WhenApiSearchesTheDomain()
    {
        Assert.Contains(app.Stacks.Data, app.Stacks.Search.Dependencies);
        Assert.Contains(app.Stacks.Search, app.Stacks.Api.Dependencies);
        // Nothing in the search stack may refer back to the Api: the stacks would form a cycle.
        Assert.DoesNotContain(app.Stacks.Api, app.Stacks.Search.Dependencies);
    }
}
