using Amazon.CDK;
using Shop.Infra.Constructs;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class BundlingTests
{
    private static Stack StackIn(object? skipValue)
    {
        var context = new Dictionary<string, object>();
        if (skipValue is not null)
        {
            context[Bundling.SkipContextKey] = skipValue;
        }
        var app = new App(new AppProps { Context = context });
        Bundling.SkipWhenRequested(app);
        return new Stack(app, "Shop-Test");
    }

    [Theory]
    [InlineData(true)]
    [InlineData("true")]
    public void SkipsBundling_WhenSkipContextIsTrue(object value) =>
        Assert.False(StackIn(value).BundlingRequired);

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    [InlineData("false")]
    public void Bundles_WhenSkipContextIsNotTrue(object? value) =>
        Assert.True(StackIn(value).BundlingRequired);

    [Theory]
    [InlineData(FunctionProjects.Api)]
    [InlineData(FunctionProjects.Workers)]
    public void FindsFunctionProject_WhenBuiltFromThisRepository(string project) =>
        Assert.True(File.Exists(RepositoryPaths.Project(project)), RepositoryPaths.Project(project));
}
