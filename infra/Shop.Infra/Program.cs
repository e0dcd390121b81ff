using Amazon.CDK;
using Shop.Infra;

var app = new App();
Bundling.SkipWhenRequested(app);
ShopStacks.Create(app);
app.Synth();
