using System.Text.Json.Nodes;
using Shop.Local.Deploy;

namespace Shop.Integration.Tests.LocalTool;

public sealed class TemplateResolverTests
{
    private static readonly Dictionary<string, DeployedResource> Deployed = new()
    {
        ["Table"] = new("AWS::DynamoDB::Table", "shop-table", new Dictionary<string, string> { ["Arn"] = "arn:aws:dynamodb:us-east-1:000000000000:table/shop-table" }),
        ["Cluster"] = new("AWS::RDS::DBCluster", "shop-db", new Dictionary<string, string> { ["Endpoint.Address"] = "127.0.0.1" }),
    };

    private static TemplateResolver Resolver(string template = "{}", Dictionary<string, string>? exports = null) =>
        new("Shop-Test", JsonNode.Parse(template)!.AsObject(), Deployed, exports ?? []);

    [Theory]
    [InlineData("""{"Ref":"Table"}""", "shop-table")]
    [InlineData("""{"Fn::GetAtt":["Table","Arn"]}""", "arn:aws:dynamodb:us-east-1:000000000000:table/shop-table")]
    [InlineData("""{"Fn::GetAtt":["Cluster","Endpoint.Address"]}""", "127.0.0.1")]
    [InlineData("""{"Fn::Join":["/",["a",{"Ref":"AWS::Region"},"b"]]}""", "a/us-east-1/b")]
    [InlineData("""{"Fn::Sub":"${Table}:${Table.Arn}:${AWS::AccountId}:${!Literal}"}""", "shop-table:arn:aws:dynamodb:us-east-1:000000000000:table/shop-table:000000000000:${Literal}")]
    [InlineData("""{"Fn::Sub":["${Name}-x",{"Name":{"Ref":"Table"}}]}""", "shop-table-x")]
    [InlineData("""{"Fn::Select":[1,{"Fn::Split":[",","a,b,c"]}]}""", "b")]
    [InlineData("""{"Fn::ImportValue":"Shop-Data:TableName"}""", "imported-table")]
    public void ResolvesToDeployedValue_WhenIntrinsicIsUsed(string expression, string expected)
    {
        var resolver = Resolver(exports: new Dictionary<string, string> { ["Shop-Data:TableName"] = "imported-table" });

        Assert.Equal(expected, resolver.ResolveString(JsonNode.Parse(expression)));
    }

    [Fact]
    public void DropsProperty_WhenValueIsNoValue()
    {
        var resolved = Resolver().Resolve(JsonNode.Parse("""{"Keep":"yes","Drop":{"Ref":"AWS::NoValue"}}"""))!.AsObject();

        Assert.Equal(["Keep"], resolved.Select(p => p.Key));
    }

    [Fact]
    public void PicksBranchByCondition_WhenFnIfIsUsed()
    {
        var resolver = Resolver("""{"Conditions":{"IsLocal":{"Fn::Equals":[{"Ref":"AWS::Region"},"us-east-1"]}}}""");

        Assert.Equal("local", resolver.ResolveString(JsonNode.Parse("""{"Fn::If":["IsLocal","local","remote"]}""")));
    }

    [Fact]
    public void FailsNamingTheExport_WhenImportIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolver().ResolveString(JsonNode.Parse("""{"Fn::ImportValue":"Nope"}""")));

        Assert.Contains("Nope", error.Message);
    }

    [Fact]
    public void FindsEveryReference_WhenCollectingDependencies()
    {
        var references = TemplateResolver.References(JsonNode.Parse(
            """{"A":{"Ref":"Table"},"B":{"Fn::GetAtt":["Cluster","Endpoint.Address"]},"C":{"Fn::Sub":"${Queue.Arn}"}}""")).ToHashSet();

        Assert.Equal(["Cluster", "Queue", "Table"], references.Order(StringComparer.Ordinal));
    }
}
