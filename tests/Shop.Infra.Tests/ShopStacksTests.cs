using Amazon.CDK.Assertions;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class ShopStacksTests(ShopApp app)
{
    private static readonly string[] Names = ["Shop-Data", "Shop-Identity", "Shop-Workflow", "Shop-Api"];

    public static TheoryData<string> StackNames => new(Names);

    private Template TemplateOf(string stackName) => stackName switch
    {
        "Shop-Data" => app.Data,
        "Shop-Identity" => app.Identity,
        "Shop-Workflow" => app.Workflow,
        "Shop-Api" => app.Api,
        _ => throw new ArgumentOutOfRangeException(nameof(stackName), stackName, null),
    };

    [Fact]
    public void BuildsEveryStackTheTestsCover_WhenAppIsCreated() =>
        Assert.Equal(
            Names.Order(),
            new Amazon.CDK.Stack[] { app.Stacks.Data, app.Stacks.Identity, app.Stacks.Workflow, app.Stacks.Api }.Select(s => s.StackName).Order());

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
}
