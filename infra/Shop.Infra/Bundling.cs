using Amazon.CDK;

namespace Shop.Infra;

/// <summary>
/// The fast synth path: templates without publishing the AOT binaries.
/// </summary>
/// <remarks>
/// CDK skips bundling for stacks not matched by the <c>aws:cdk:bundling-stacks</c> context, but the
/// CLI overwrites that key on synth and deploy (a <c>-c</c> value never reaches the app), so the CLI
/// path goes through a key of our own that the app turns into the CDK one before any stack exists.
/// </remarks>
public static class Bundling
{
    public const string SkipContextKey = "shop:skip-bundling";
    public const string StacksContextKey = "aws:cdk:bundling-stacks";

    public static void SkipWhenRequested(App app)
    {
        if (IsTrue(app.Node.TryGetContext(SkipContextKey)))
        {
            app.Node.SetContext(StacksContextKey, Array.Empty<string>());
        }
    }

    // `-c key=true` arrives as a string, a context file or CDK_CONTEXT_JSON may hold a boolean.
    private static bool IsTrue(object? value) =>
        value is true || (value is string text && bool.TryParse(text, out var parsed) && parsed);
}
