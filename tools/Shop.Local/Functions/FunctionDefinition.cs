namespace Shop.Local.Functions;

/// <summary>A Lambda function as the synthesized template defines it, resolved for local running.</summary>
public sealed record FunctionDefinition(
    string Name,
    string Project,
    string Handler,
    IReadOnlyDictionary<string, string> Environment,
    TimeSpan Timeout,
    int MemoryMb)
{
    public string Arn => LocalAws.FunctionArn(Name);
}

/// <summary>How a function's binary is run: the JIT build (fast to rebuild) or the Native AOT publish (what Lambda runs).</summary>
public enum FunctionMode
{
    Jit,
    Aot,
}
