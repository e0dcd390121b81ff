using Amazon.CDK;
using Amazon.CDK.Assertions;
using Shop.Core;
using Shop.Infra.Constructs;

namespace Shop.Infra.Tests;

[Collection(ShopAppCollection.Name)]
public sealed class ShopFunctionTests
{
    private static Template Synth(params ShopFunctionProps[] functions)
    {
        var stack = new Stack(ShopApp.WithoutBundling(), "Test");
        for (var i = 0; i < functions.Length; i++)
        {
            _ = new ShopFunction(stack, $"Function{i}", functions[i]);
        }
        return Template.FromStack(stack);
    }

    private static ShopFunctionProps Workers => new() { Project = "Shop.Workers", Handler = ShopNames.Handlers.SampleCountCategories };

    [Fact]
    public void SendsFailedEventsToDeadLetterQueue_WhenInvokedAsynchronously()
    {
        var template = Synth(Workers with { InvokedAsynchronously = true });
        var json = new TemplateJson(template);
        var (queueId, _) = json.Resources("AWS::SQS::Queue").Single();

        template.HasResourceProperties("AWS::SQS::Queue", new Dictionary<string, object>
        {
            ["SqsManagedSseEnabled"] = true,
            ["MessageRetentionPeriod"] = 14 * 24 * 3600,
        });
        var target = json.Function(FunctionProjects.Workers).Resource["Properties"]!["DeadLetterConfig"]!["TargetArn"]!;
        Assert.Equal(queueId, target["Fn::GetAtt"]![0]!.GetValue<string>());
    }

    [Fact]
    public void HasNoDeadLetterQueue_WhenInvokedSynchronously()
    {
        var template = Synth(Workers);

        template.ResourceCountIs("AWS::SQS::Queue", 0);
        template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object> { ["DeadLetterConfig"] = Match.Absent() });
    }

    [Fact]
    public void Uses512Megabytes_WhenMemoryIsNotGiven() =>
        Synth(Workers).HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object> { ["MemorySize"] = 512 });

    [Fact]
    public void StaysOutOfVpc_WhenNoVpcIsGiven() =>
        Synth(Workers).HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object> { ["VpcConfig"] = Match.Absent() });

    [Fact]
    public void HashesEachProjectApart_WhenFunctionsShareTheSourceTree()
    {
        var template = Synth(Workers, new ShopFunctionProps { Project = "Shop.Api", Handler = ShopNames.Handlers.Api });
        var json = new TemplateJson(template);

        var keys = json.Resources("AWS::Lambda::Function")
            .Select(f => f.Resource["Properties"]!["Code"]!["S3Key"]!.GetValue<string>())
            .Distinct();

        Assert.Equal(2, keys.Count());
    }
}

[Collection(ShopAppCollection.Name)]
public sealed class ShopFunctionSourceHashTests : IDisposable
{
    private readonly DirectoryInfo sources = Directory.CreateTempSubdirectory("shop-sources-");

    public void Dispose() => sources.Delete(recursive: true);

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(sources.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void KeepsHash_WhenOnlyBuildOutputChanges()
    {
        Write("Shop.Api/Program.cs", "// v1");
        var before = ShopFunction.SourceHash(sources.FullName, "Shop.Api");

        Write("Shop.Api/bin/Release/Shop.Api.dll", "binary");
        Write("Shop.Api/obj/project.assets.json", "{}");
        Write("artifacts/obj/x", "x");

        Assert.Equal(before, ShopFunction.SourceHash(sources.FullName, "Shop.Api"));
    }

    [Fact]
    public void ChangesHash_WhenSourceChanges()
    {
        Write("Shop.Core/Catalog/Product.cs", "// v1");
        var before = ShopFunction.SourceHash(sources.FullName, "Shop.Api");

        Write("Shop.Core/Catalog/Product.cs", "// v2");

        Assert.NotEqual(before, ShopFunction.SourceHash(sources.FullName, "Shop.Api"));
    }
}
